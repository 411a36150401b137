// The exercises are data the chapters, the deck and the handouts share: every chapter has a set of the agreed size,
// ids are unique, every "predict first" box in a chapter names a prompt of that chapter (and every prompt is placed
// once), and the answers that carry numbers say what the references say. The expected values below are taken from
// graph-spec.md (tables and [verified] counts of the official code) and the papers, not from the data files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allQuestions, EXERCISES, predictById } from '../../src/components/exercises';
import { LAB_PREDICTS } from '../../src/components/exercises/data/labs';

const CHAPTERS = join(__dirname, '..', '..', 'content', 'chapters');
const chapterFiles = readdirSync(CHAPTERS).filter((f) => f.endsWith('.mdx'));
const answer = (id: string) => {
  const q = allQuestions().find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id}`);
  return q.a;
};

describe('exercise data', () => {
  it('covers every chapter with 2–3 objectives and 3–5 questions', () => {
    expect(Object.keys(EXERCISES).sort()).toEqual(chapterFiles.map((f) => f.replace(/\.mdx$/, '')).sort());
    for (const [chapter, ex] of Object.entries(EXERCISES)) {
      expect(ex.objectives.length, chapter).toBeGreaterThanOrEqual(2);
      expect(ex.objectives.length, chapter).toBeLessThanOrEqual(3);
      expect(ex.questions.length, chapter).toBeGreaterThanOrEqual(3);
      expect(ex.questions.length, chapter).toBeLessThanOrEqual(5);
      expect(ex.predicts.length, `${chapter} has a "predict first" prompt`).toBeGreaterThanOrEqual(1);
    }
  });

  it('has unique ids and no empty text', () => {
    const all = allQuestions();
    expect(new Set(all.map((q) => q.id)).size).toBe(all.length);
    for (const q of all) {
      expect(q.id).toMatch(/^[a-z0-9-]+$/);
      expect(q.q.trim().length, q.id).toBeGreaterThan(10);
      expect(q.a.trim().length, q.id).toBeGreaterThan(2);
      expect(q.q + q.a, `${q.id} has no unfilled template`).not.toMatch(/undefined|\$\{|NaN(?! at ±)/);
    }
  });

  it('places every "predict first" prompt once, in its own chapter', () => {
    const placed = new Map<string, string>();
    for (const f of chapterFiles) {
      const text = readFileSync(join(CHAPTERS, f), 'utf8');
      for (const m of text.matchAll(/<Predict id="([^"]+)"/g)) {
        expect(placed.has(m[1]), `${m[1]} is placed twice`).toBe(false);
        placed.set(m[1], f.replace(/\.mdx$/, ''));
      }
    }
    const lab = readFileSync(join(__dirname, '..', '..', 'src', 'pages', 'lab', 'surgery.astro'), 'utf8');
    for (const m of lab.matchAll(/<Predict id="([^"]+)"/g)) placed.set(m[1], 'lab');
    for (const [chapter, ex] of Object.entries(EXERCISES))
      for (const p of ex.predicts) expect(placed.get(p.id), `${p.id} is placed in ${chapter}`).toBe(chapter);
    for (const p of LAB_PREDICTS) expect(placed.get(p.id), `${p.id} is placed on the surgery page`).toBe('lab');
    expect(() => predictById('no-such-prompt')).toThrow(/no "predict first" prompt has the id/);
  });
});

describe('answers against the references', () => {
  it('chapter 1: 56×56 grid of 4×4 pixel blocks; max-relative with and without self-edge', () => {
    expect(answer('c1-nodes')).toContain('3,136 nodes');
    expect(answer('c1-nodes')).toContain('4×4');
    expect(answer('c1-mrconv')).toContain(') = −1.');
    expect(answer('c1-mrconv')).toMatch(/mᵢ = 0/);
    expect(answer('c1-macs')).toContain('12NC²');
  });

  it('chapter 2: Pyramid ViG-Ti stage 1 (graph-spec §1.8: 29.5M KNN MACs, 28.9M conv MACs, D 614,656)', () => {
    const a = answer('c2-stage1');
    expect(a).toContain('196 keys');
    expect(a).toContain('29,503,488');
    expect(a).toContain('28.9 M');
    expect(answer('c2-r1')).toContain('614,656');
    expect(answer('c2-r1')).toMatch(/^4² = 16 times/);
    // max_dilation = 49 // 9 = 5 (graph-spec §1.6)
    expect(answer('c2-dilation')).toContain('45 ≤ 49');
    expect(predictById('p2-reduce').predict.a).toMatch(/r = 1: 16 times.*r = 2: 4 times/);
  });

  it('chapter 3: the 7×7, K = 2 table of graph-spec §2.1 and the 56×56 roll count', () => {
    expect(answer('c3-row3')).toContain('rows 1, 4 and 6');
    expect(answer('c3-row3')).toContain('6 neighbours');
    expect(answer('c3-asym')).toMatch(/^No: row 1 reads rows 2, 4 and 6/);
    expect(answer('c3-56')).toContain('54 rolls');
    expect(answer('c3-minform')).toMatch(/= 2\. Min form: .* = 2\./);
    // 7×7, K = 3: shifts 3 and 6; row 3 reads rows 0 and 4, row 0 reads rows 1 and 4
    expect(predictById('p3-k3').predict.a).toMatch(/^4 neighbours.*rows 0 and 4, so yes.*rows 1 and 4, so no/);
    expect(predictById('p3-outside').predict.a).toMatch(/^SVGA: none/);
  });

  it("chapter 4: an SVGA block of MobileViG-Ti (graph-spec §2.3: 22.5M + 25.7M) and the paper's 2.83×", () => {
    expect(answer('c4-block')).toMatch(/22\.5 M.*25\.7 M.*48\.2 M/);
    expect(predictById('p4-faster').predict.a).toMatch(/^2\.83×/);
    expect(answer('c4-macs-latency')).toContain('1.7× fewer');
  });

  it('chapters 6 and 7: the eval resize (248, 235), and the successors (graph-spec §3, §4)', () => {
    expect(answer('c6-photo')).toContain('248');
    expect(answer('c6-vig')).toContain('235');
    expect(answer('c6-size')).toMatch(/4\.0 times/);
    expect(answer('c7-dagc')).toMatch(/^6 in every stage/);
    expect(answer('c7-baseline')).toMatch(/^81\.1 − 2\.9 = 78\.2%/);
  });
});
