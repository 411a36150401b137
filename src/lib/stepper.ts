// A stepped widget (the graph explainer) tells whoever presents it how to move through its steps, so a lecture
// deck can walk a slide's steps with the same keys that change slides, without knowing the widget's insides.
export interface Stepper {
  /** Current step, 0-based. */
  step(): number;
  /** Number of steps. */
  length(): number;
  /** Show step n (clamped); `animate` plays its transition as a step forward would. */
  seek(n: number, animate?: boolean): void;
}

const KEY = Symbol.for('vig-lab.stepper');
type WithStepper = Element & { [KEY]?: Stepper };

export function provideStepper(el: Element, s: Stepper): void {
  (el as WithStepper)[KEY] = s;
  el.setAttribute('data-stepper', '');
}

/** The first stepped widget inside `root` (or root itself), if any. */
export function findStepper(root: Element): Stepper | null {
  const el = root.matches('[data-stepper]') ? root : root.querySelector('[data-stepper]');
  return el ? ((el as WithStepper)[KEY] ?? null) : null;
}

/**
 * Typed step numbers: digits collect for a moment, then jump (Enter jumps at once). Returns true when the key
 * was used. `show` gets the digits typed so far ('' when done), for an on-screen echo.
 */
export function stepTyper(
  jump: (n: number) => void,
  show: (typed: string) => void,
  waitMs = 900,
): (ev: KeyboardEvent) => boolean {
  let typed = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finish = () => {
    clearTimeout(timer);
    const n = Number(typed);
    typed = '';
    show('');
    if (n >= 1) jump(n);
  };
  return (ev) => {
    if (/^[0-9]$/.test(ev.key)) {
      typed = (typed + ev.key).slice(-3);
      show(typed);
      clearTimeout(timer);
      timer = setTimeout(finish, waitMs);
      return true;
    }
    if (ev.key === 'Enter' && typed) {
      finish();
      return true;
    }
    if (ev.key === 'Escape' && typed) {
      clearTimeout(timer);
      typed = '';
      show('');
      return true;
    }
    return false;
  };
}

/** Keys that mean "typing" where they are pressed: shortcuts must leave form fields alone. */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof Element && target.matches('input, select, textarea, [contenteditable="true"]');
}
