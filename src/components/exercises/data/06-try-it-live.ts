// Chapter 6's exercises: the official evaluation transform (graph-spec §5.1) and the checkpoints (§5.2).
import type { ChapterExercises } from '../types';

const crop = 224;
const resize = (pct: number) => Math.floor(crop / pct);
// MobileViG-M: nn.Parameters (graph-spec §2.4) and the Hugging Face file size (§5.2)
const paramsM = 14.076e6;
const fileM = 226_322_630;
const copies = fileM / (paramsM * 4);

export default {
  objectives: [
    "Reproduce the official evaluation preprocessing: shorter side to 248 with bicubic resampling, centre crop to 224, scale to [0, 1], normalise with ImageNet's mean and standard deviation.",
    'Say where the official weights come from, what a checkpoint file holds, and why this site never runs the pickle inside it.',
    "Run the site's models on your own images and drawings, and read their answers with care.",
  ],
  questions: [
    {
      id: 'c6-photo',
      q: 'A 640×480 photo goes through the official transform. How long is its shorter side after the resize, and what size is the image the model sees?',
      a: `The shorter side (480) becomes ⌊${crop} / 0.9⌋ = ${resize(0.9)} pixels, keeping the aspect ratio; the centre crop then gives ${crop}×${crop}.`,
    },
    {
      id: 'c6-vig',
      q: "Which normalisation do ViG and Pyramid ViG use instead of ImageNet's, and how far does Pyramid ViG-B resize?",
      a: `Mean and standard deviation 0.5 for every channel. Pyramid ViG-B uses a crop fraction of 0.95, so its shorter side goes to ⌊${crop} / 0.95⌋ = ${resize(0.95)} pixels.`,
    },
    {
      id: 'c6-size',
      q: 'MobileViG-M has about 14.1 M parameters, yet its checkpoint is about 226 MB. Why?',
      a: `In float32 the weights are about ${((paramsM * 4) / 1e6).toFixed(0)} MB; the file is about ${copies.toFixed(1)} times that. It is a full training checkpoint: the weights, an averaged (EMA) copy and, by its size, the optimiser's two moments. That is inferred from the save format and the size, not observed.`,
    },
    {
      id: 'c6-pickle',
      q: 'Why does the site not simply unpickle the .pth file it is given?',
      a: "A pickle can run code when it is loaded. The site's reader opens the zip and understands only the few pickle instructions and types a state dict needs; it refuses anything else with an error.",
    },
  ],
  predicts: [
    {
      id: 'p6-draw',
      q: 'Give the Fashion-MNIST models a scribble, or a photo of a cat. Will they still answer, and how sure will they look?',
      check: 'Draw something that is no garment, or choose a photo, and read the top-5.',
      a: 'They always answer with one of the ten Fashion-MNIST classes, the only ones they know, and the top score can be high even for an image unlike any garment: a confident answer is not a correct one.',
    },
  ],
} satisfies ChapterExercises;
