// Animation clock: a step index plus the progress (0 … 1) of the current step's tween. Playing advances one
// step per 1/speed seconds (the tween takes the first 60 %, then the step holds). With reduced motion there
// are no tweens: every step is shown finished, and playing just steps.

export interface ClockOptions {
  /** Number of steps (read on every tick, so it follows the controls). */
  length: () => number;
  /** Steps per second. */
  speed: () => number;
  reducedMotion: () => boolean;
  /** Called on every frame that changes what is shown. */
  frame: (step: number, progress: number) => void;
  /** Called when the step index changes (not on every frame). */
  stepChanged: (step: number) => void;
  playingChanged: (playing: boolean) => void;
}

const TWEEN = 0.6;

export class Clock {
  step = 0;
  progress = 1;
  playing = false;
  private elapsed = 0; // seconds into the current step while playing
  private last = 0;
  private raf = 0;

  constructor(private readonly o: ClockOptions) {}

  private get tweenSeconds(): number {
    return TWEEN / this.o.speed();
  }

  /** Jump to a step; `animate` plays its tween (stepping), otherwise it is shown finished (scrubbing, loading). */
  seek(step: number, animate = false): void {
    const n = this.o.length();
    const s = Math.max(0, Math.min(n - 1, Math.round(step)));
    const changed = s !== this.step;
    this.step = s;
    this.elapsed = 0;
    this.progress = animate && !this.o.reducedMotion() ? 0 : 1;
    if (changed) this.o.stepChanged(s);
    this.o.frame(this.step, this.progress);
    if (this.progress < 1) this.loop();
  }

  next(): void {
    if (this.step < this.o.length() - 1) this.seek(this.step + 1, true);
  }

  prev(): void {
    if (this.step > 0) this.seek(this.step - 1, true);
  }

  play(): void {
    if (this.playing) return;
    if (this.step >= this.o.length() - 1) this.seek(0); // play again from the start
    this.playing = true;
    this.elapsed = this.progress * this.tweenSeconds;
    this.o.playingChanged(true);
    this.loop();
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    this.o.playingChanged(false);
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  private loop(): void {
    if (this.raf) return;
    this.last = performance.now();
    const tick = (now: number) => {
      this.raf = 0;
      const dt = Math.min(0.1, (now - this.last) / 1000); // a background tab must not skip many steps at once
      this.last = now;
      this.elapsed += dt;
      if (this.playing && this.elapsed >= 1 / this.o.speed()) {
        if (this.step >= this.o.length() - 1) {
          this.pause();
          return;
        }
        this.seek(this.step + 1, true);
        this.elapsed = 0;
      } else if (this.progress < 1) {
        this.progress = this.o.reducedMotion() ? 1 : Math.min(1, this.elapsed / this.tweenSeconds);
        this.o.frame(this.step, this.progress);
      }
      if (!this.raf && (this.playing || this.progress < 1)) this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
  }

  stop(): void {
    this.pause();
    cancelAnimationFrame(this.raf);
    this.raf = 0;
  }
}
