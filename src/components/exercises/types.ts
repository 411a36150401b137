// A chapter's exercises as data: learning objectives (shown at the top of the chapter), "check yourself"
// questions (at its end, answers behind a reveal) and "predict first" prompts (before a widget that then answers
// them). The chapter layout, the deck's exercise slides, the printed handout and the instructor guide all read the
// same records, so a question is written once. Plain text (Unicode for maths), no markup.

export interface Question {
  /** unique within the site; used as the element id (`q-<id>`) and in deck links */
  id: string;
  q: string;
  a: string;
}

export interface Predict extends Question {
  /** what to do in the widget that follows, to check the prediction */
  check: string;
}

export interface ChapterExercises {
  /** 2–3 things a reader can do after the chapter */
  objectives: string[];
  /** 3–5 questions for the end of the chapter */
  questions: Question[];
  /** "predict first" prompts, each placed in the chapter before the widget that answers it */
  predicts: Predict[];
}
