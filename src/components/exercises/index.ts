// Every chapter's exercises, by chapter slug (the file name of content/chapters/*.mdx), and lookups by id for the
// deck and the "predict first" boxes. One data file per chapter, in ./data/.
import type { ChapterExercises, Predict, Question } from './types';
import c1 from './data/01-images-as-graphs';
import c2 from './data/02-knn-cost';
import c3 from './data/03-svga';
import c4 from './data/04-mobilevig';
import c5 from './data/05-measuring-cost';
import c6 from './data/06-try-it-live';
import c7 from './data/07-after-svga';
import { LAB_PREDICTS } from './data/labs';

export type { ChapterExercises, Predict, Question } from './types';

export const EXERCISES: Readonly<Record<string, ChapterExercises>> = {
  '01-images-as-graphs': c1,
  '02-knn-cost': c2,
  '03-svga': c3,
  '04-mobilevig': c4,
  '05-measuring-cost': c5,
  '06-try-it-live': c6,
  '07-after-svga': c7,
};

export function exercisesOf(chapter: string): ChapterExercises | undefined {
  return Object.hasOwn(EXERCISES, chapter) ? EXERCISES[chapter] : undefined;
}

/** The "predict first" prompt with this id, and its chapter ('lab' for the lab pages'); throws at build time for a
 * typo in a chapter. */
export function predictById(id: string): { chapter: string; predict: Predict } {
  for (const [chapter, ex] of Object.entries(EXERCISES)) {
    const predict = ex.predicts.find((p) => p.id === id);
    if (predict) return { chapter, predict };
  }
  const lab = LAB_PREDICTS.find((p) => p.id === id);
  if (lab) return { chapter: 'lab', predict: lab };
  throw new Error(`no "predict first" prompt has the id ${JSON.stringify(id)}`);
}

/** Every question and prompt of the site, for checks that ids are unique. */
export function allQuestions(): Question[] {
  return [...Object.values(EXERCISES).flatMap((e) => [...e.questions, ...e.predicts]), ...LAB_PREDICTS];
}
