// placeholder replaced below
export function registerWasmGradientKernels(): void {}
