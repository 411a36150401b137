/** A tensor read from a checkpoint, still in PyTorch layout (row-major, NCHW / OIHW). */
export interface RawTensor {
  /** PyTorch dtype name: float32 (float16/bfloat16 are widened to float32 on read), int64, int32, ... */
  dtype: 'float32' | 'float64' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';
  shape: number[];
  /** float storages are always delivered as Float32Array; integer storages as Int32Array (int64 narrowed, checked) */
  data: Float32Array | Int32Array;
  /** Set when the checkpoint stored this tensor in a half type that was widened to float32 on read. */
  storedDtype?: 'float16' | 'bfloat16';
}

/** Official key → tensor, in file order. */
export type StateDict = Map<string, RawTensor>;

/** Which part of the file held the weights. */
export type StateDictSource = 'state_dict' | 'state_dict_ema' | 'model' | 'raw';
