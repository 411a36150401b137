// Every slide the deck page can show: the catalogue's, plus one "check yourself" slide per chapter whose title
// comes from the chapter itself. Build time only (reads the chapter collection).
import { sortedChapters, chapterLabel } from '../../lib/chapters';
import { exercisesOf } from '../exercises';
import { EXERCISE_SLIDES, SLIDES, type Slide } from './catalogue';

export async function allSlides(): Promise<Slide[]> {
  const chapters = await sortedChapters();
  const exercises = EXERCISE_SLIDES.map(({ id, chapter }): Slide => {
    const c = chapters.find((x) => x.id === chapter);
    const n = exercisesOf(chapter)?.questions.length ?? 0;
    return {
      id,
      title: `Check yourself: ${c ? chapterLabel(c) : chapter}`,
      kind: 'exercises',
      chapter,
      minutes: 4,
      notes: [
        `${n} questions from the end of the chapter. Give the room a minute per question, then → shows its answer under it.`,
        'Ask for a show of hands before each answer: the spread of guesses is the discussion.',
      ],
    };
  });
  return [...SLIDES, ...exercises];
}
