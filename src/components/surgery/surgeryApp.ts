// The graph-surgery lab's controller: runs each graph condition in the surgery worker (one at a time, with
// progress and cancel), keeps results in this browser (localStorage, per weights fingerprint), and draws the
// table, the chart and the images whose prediction a transplanted graph changes.
import { defaultThreads } from '../../model/info';
import { asset } from '../../lib/paths';
import { hideControls } from '../../lib/hideControls';
import { onThemeOrWidth } from '../../lib/watch';
import { createUrlState, type EnumField } from '../../lib/urlState';
import { fetchWithProgress } from '../../lib/fetchProgress';
import { FASHION_CLASSES, fashionImage, fashionSet, MAX_IDX_BYTES, parseIdx, type FashionSet } from '../../model/nano';
import { RpcClient, WorkerError } from '../../worker/rpc';
import type { GraphName, GraphInfo, SurgeryArch, SurgeryProtocol, SurgeryResult } from '../../worker/surgeryProtocol';
import { paintGrey } from '../live/fashionInput';
import { accuracyChart } from './chart';

const COUNTS = ['200', '500', '1000', '2000'] as const;
const schema = {
  arch: { type: 'enum', default: 'pvig_nano', values: ['pvig_nano', 'mobilevig_nano'] } as EnumField<SurgeryArch>,
  count: { type: 'enum', default: '200', values: COUNTS } as EnumField<(typeof COUNTS)[number]>,
  cmp: {
    type: 'enum',
    default: 'svga',
    values: ['svga', 'knn', 'knn9', 'grid', 'random', 'self', 'mgc', 'dagc', 'agc'],
  } as EnumField<Exclude<GraphName, 'own'>>,
};

/** The models by the names the page shows (the radio buttons' words), never the internal ids. */
const MODEL_NAMES: Record<SurgeryArch, string> = { pvig_nano: 'ViG-Nano', mobilevig_nano: 'MobileViG-Nano' };

type Stored = Omit<SurgeryResult, 'predictions'> & { predictions: Uint8Array };
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

function encode(r: SurgeryResult): string {
  return JSON.stringify({ ...r, predictions: btoa(String.fromCharCode(...r.predictions)) });
}
function decode(s: string): Stored | null {
  try {
    const o = JSON.parse(s);
    return { ...o, predictions: Uint8Array.from(atob(o.predictions), (c) => c.charCodeAt(0)) };
  } catch {
    return null;
  }
}

export function setupSurgery(root: HTMLElement): void {
  const url = createUrlState(root.dataset.ns ?? 'surgery', schema, { hideable: ['model', 'count'] });
  hideControls(root, url);
  const weights: Record<SurgeryArch, string> = JSON.parse(root.dataset.weights ?? '{}');
  const conditions: Record<SurgeryArch, GraphInfo[]> = JSON.parse(root.dataset.conditions ?? '{}');
  const q = <T extends Element>(s: string) => root.querySelector<T>(s)!;
  const status = (m: string) => {
    q('[data-status]').textContent = m;
  };
  const alertBox = q<HTMLElement>('[data-alert]');
  const alert = (m: string | null) => {
    alertBox.hidden = !m;
    alertBox.textContent = m ?? '';
  };
  const results = new Map<GraphName, Stored>();
  let running = false;
  let images: Promise<FashionSet> | null = null;

  const rpc = new RpcClient<SurgeryProtocol>(
    () =>
      new Worker(new URL('../../worker/surgery.worker.ts', import.meta.url), {
        type: 'module',
        name: 'vig-lab-surgery',
      }),
    'surgery',
  );
  let started: Promise<{ backend: string; threads: number | null }> | null = null;
  const start = () =>
    (started ??= rpc.call('init', { wasmPath: asset('wasm/'), nanoPath: asset('nano/'), threads: defaultThreads() }));

  const key = (c: GraphName) =>
    `vig-lab-surgery-v1|${weights[url.get().arch]}|${url.get().arch}|${c}|${url.get().count}`;
  function loadCached(): void {
    results.clear();
    for (const c of conditions[url.get().arch]) {
      let hit: Stored | null = null;
      try {
        const s = localStorage.getItem(key(c.id));
        hit = s ? decode(s) : null;
      } catch {
        /* storage blocked: just recompute */
      }
      if (hit) results.set(c.id, hit);
    }
  }

  function render(): void {
    const arch = url.get().arch;
    q('[data-count-text]').textContent = Number(url.get().count).toLocaleString('en');
    const own = results.get('own');
    q('[data-rows]').replaceChildren(
      ...conditions[arch].map((c) => {
        const r = results.get(c.id);
        const tr = document.createElement('tr');
        tr.dataset.condition = c.id;
        if (r) tr.dataset.accuracy = String(r.accuracy);
        const name = document.createElement('td');
        name.append(c.label);
        const what = document.createElement('span');
        what.className = 'what';
        what.textContent = c.what;
        name.append(what);
        const acc = document.createElement('td');
        acc.className = 'num';
        acc.textContent = r ? `${pct(r.accuracy)} (${r.correct}/${r.count})` : '–';
        const delta = document.createElement('td');
        delta.className = 'num';
        delta.textContent =
          r && own && c.id !== 'own'
            ? `${r.accuracy >= own.accuracy ? '+' : '−'}${(100 * Math.abs(r.accuracy - own.accuracy)).toFixed(1)} points`
            : c.id === 'own'
              ? 'reference'
              : '–';
        const act = document.createElement('td');
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'button';
        b.textContent = r ? 'Run again' : 'Run';
        b.disabled = running;
        b.setAttribute('aria-label', `${r ? 'Run again' : 'Run'}: ${c.label}`);
        b.addEventListener('click', () => void runConditions([c.id]));
        act.append(b);
        tr.append(name, acc, delta, act);
        return tr;
      }),
    );
    const done = conditions[arch]
      .filter((c) => results.has(c.id))
      .map((c) => ({ label: c.label, accuracy: results.get(c.id)!.accuracy, own: c.id === 'own' }));
    q('[data-chart]').replaceChildren(
      ...(done.length ? [accuracyChart(done, root, q<HTMLElement>('[data-chart]').clientWidth || 480)] : []),
    );
    const cmpSel = q<HTMLSelectElement>('[data-compare]');
    const others = conditions[arch].filter((c) => c.id !== 'own');
    cmpSel.replaceChildren(...others.map((c) => new Option(c.label, c.id)));
    if (!others.some((c) => c.id === url.get().cmp)) url.set({ cmp: others[0].id as never });
    cmpSel.value = url.get().cmp;
    q<HTMLButtonElement>('[data-run-all]').disabled = running;
    void renderChanges();
  }

  async function renderChanges(): Promise<void> {
    const own = results.get('own'),
      other = results.get(url.get().cmp);
    const text = q('[data-changes-text]'),
      list = q<HTMLElement>('[data-changes]');
    if (!own || !other) {
      text.textContent = 'Run the model with its own graph and with this one to compare them image by image.';
      list.replaceChildren();
      return;
    }
    images ??= Promise.all(
      ['test-images-idx3-ubyte.gz', 'test-labels-idx1-ubyte.gz'].map((f) =>
        fetchWithProgress(asset(`nano/${f}`), { maxBytes: MAX_IDX_BYTES }),
      ),
    ).then(([a, b]) =>
      fashionSet(parseIdx(new Uint8Array(a), 'the test images'), parseIdx(new Uint8Array(b), 'the test labels')),
    );
    const set = await images;
    const n = Math.min(own.predictions.length, other.predictions.length);
    const changed: number[] = [];
    let fixed = 0,
      broken = 0;
    for (let i = 0; i < n; i++) {
      if (own.predictions[i] === other.predictions[i]) continue;
      changed.push(i);
      if (other.predictions[i] === set.labels[i]) fixed++;
      if (own.predictions[i] === set.labels[i]) broken++;
    }
    const label = conditions[url.get().arch].find((c) => c.id === url.get().cmp)?.label ?? '';
    text.textContent =
      `With ${label}, ${changed.length} of ${n} images get another class than with the model's own graph: ` +
      `${broken} that were right become wrong, ${fixed} that were wrong become right${changed.length > 24 ? ' (the first 24 are shown; ✓ right, ✗ wrong; “new” is the transplanted graph)' : ''}.`;
    list.replaceChildren(
      ...changed.slice(0, 24).map((i) => {
        const li = document.createElement('li');
        const c = document.createElement('canvas');
        c.setAttribute('aria-hidden', 'true');
        paintGrey(c, fashionImage(set, i));
        const truth = set.labels[i];
        const title = document.createElement('strong');
        title.textContent = `#${i}: ${FASHION_CLASSES[truth]}`;
        const line = (what: string, p: number) => {
          const s = document.createElement('span');
          s.className = p === truth ? 'ok' : 'bad';
          s.textContent = `${what}: ${FASHION_CLASSES[p]} ${p === truth ? '✓' : '✗'}`;
          return s;
        };
        li.append(c, title, line('own', own.predictions[i]), line('new', other.predictions[i]));
        return li;
      }),
    );
  }

  async function runConditions(asked: GraphName[]): Promise<void> {
    const arch = url.get().arch;
    // a result means something only against the model's own graph: run that first when it is not known yet
    const ids: GraphName[] = results.has('own') || asked.includes('own') ? asked : ['own', ...asked];
    if (!weights[arch]) {
      alert(`The trained ${MODEL_NAMES[arch]} weights are not in this build of the site.`);
      return;
    }
    running = true;
    alert(null);
    render();
    const bar = q<HTMLProgressElement>('[data-progress]');
    const cancel = q<HTMLButtonElement>('[data-cancel]');
    bar.hidden = false;
    cancel.hidden = false;
    try {
      const env = await start();
      for (const id of ids) {
        const c = conditions[arch].find((x) => x.id === id)!;
        status(
          `Running ${MODEL_NAMES[arch]} with ${c.label} on ${url.get().count} images (${env.backend}${env.threads ? `, ${env.threads} thread${env.threads > 1 ? 's' : ''}` : ''})…`,
        );
        bar.value = 0;
        const r = await rpc.call(
          'run',
          { arch, condition: id, count: Number(url.get().count) },
          {
            progress: (p) => {
              bar.value = p.done / p.total;
            },
          },
        );
        results.set(id, r);
        try {
          localStorage.setItem(key(id), encode(r));
        } catch {
          /* full or blocked: the result still shows */
        }
        render();
      }
      const own = results.get('own')!;
      const last = results.get(asked[asked.length - 1]);
      const change =
        last && asked[asked.length - 1] !== 'own'
          ? ` ${conditions[arch].find((x) => x.id === asked[asked.length - 1])!.label}: ${pct(last.accuracy)}, ${last.accuracy >= own.accuracy ? '+' : '−'}${(100 * Math.abs(last.accuracy - own.accuracy)).toFixed(1)} points against the own graph's ${pct(own.accuracy)}.`
          : '';
      status(
        `Done. ${ids.length} graph${ids.length > 1 ? 's' : ''} run${ids[0] !== asked[0] ? ' (the own graph first, as the reference)' : ''}; results are kept in this browser.${change}`,
      );
    } catch (e) {
      status('');
      if (!(e instanceof WorkerError && e.code === 'cancelled')) alert(`The run failed: ${(e as Error).message}`);
      else status('Cancelled.');
    } finally {
      running = false;
      bar.hidden = true;
      cancel.hidden = true;
      render();
    }
  }

  for (const r of root.querySelectorAll<HTMLInputElement>('[data-arch]')) {
    r.checked = r.value === url.get().arch;
    r.addEventListener('change', () => {
      if (running) return;
      url.set({ arch: r.value as SurgeryArch });
      loadCached();
      render();
    });
  }
  const countSel = q<HTMLSelectElement>('[data-count]');
  countSel.value = url.get().count;
  countSel.addEventListener('change', () => {
    url.set({ count: countSel.value as never });
    loadCached();
    render();
  });
  q<HTMLSelectElement>('[data-compare]').addEventListener('change', (e) => {
    url.set({ cmp: (e.target as HTMLSelectElement).value as never });
    void renderChanges();
  });
  q<HTMLButtonElement>('[data-run-all]').addEventListener('click', () => {
    const todo = conditions[url.get().arch].map((c) => c.id).filter((c) => !results.has(c));
    void runConditions(todo.length ? todo : conditions[url.get().arch].map((c) => c.id));
  });
  q<HTMLButtonElement>('[data-cancel]').addEventListener(
    'click',
    () => void rpc.call('cancel', {}).catch(() => undefined),
  );
  loadCached();
  render();
  onThemeOrWidth(render, { theme: true, widthOf: { el: root, slack: 24 } }); // the chart's colours and width
}
