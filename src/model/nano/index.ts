// The Fashion-MNIST application of the model layer, as pages, workers and command lines use it: the data set's
// reader and classes, the mapping of any image to a nano model's input, and the graph-surgery table (which graph
// each Grapher gets under each named condition). No tfjs here (pages import it); evaluation, which runs models,
// is exported by the model API (src/model/index.ts).
export {
  FASHION_CLASSES,
  FASHION_MEAN,
  FASHION_SIDE,
  FASHION_STD,
  MAX_IDX_BYTES,
  NANO_INPUT,
  fashionImage,
  fashionSet,
  nanoInput,
  parseIdx,
  type FashionSet,
  type IdxArray,
} from './fashion';
export { toFashionImage, type FashionImage } from './fromImage';
export {
  NANO_ONLY_KNOWS,
  NOT_A_GARMENT,
  OOD_SIGNALS,
  oodCheck,
  oodRule,
  oodScore,
  type OodRule,
  type OodSignal,
  type OodVerdict,
} from './ood';
export {
  GRAPHS,
  GRAPH_NAMES,
  fixedGraphLists,
  graphOf,
  surgeryGraphs,
  type GraphInfo,
  type GraphName,
  type SurgeryArch,
} from './surgery';
