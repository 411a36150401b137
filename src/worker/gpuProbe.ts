/// <reference lib="webworker" />
// 'automatic' backend choice: a GPU backend on a software-emulated GPU (SwiftShader, llvmpipe) is many times
// slower than wasm, so automatic choice skips it. Picking webgpu / webgl by name still runs it.
import { BACKENDS, type BackendName } from '../model';

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

async function webgpuRenderer(): Promise<string | null> {
  const gpu = (
    navigator as unknown as {
      gpu?: {
        requestAdapter(): Promise<{ info?: { vendor: string; architecture: string; description: string } } | null>;
      };
    }
  ).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter?.info) return null;
  const { vendor, architecture, description } = adapter.info;
  return `${vendor} ${architecture} ${description}`.trim();
}

function webglRenderer(): string | null {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const r = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return r;
  } catch {
    return null;
  }
}

/** Backends for 'automatic', fastest first, without GPU backends that run on a software GPU; with the reasons. */
export async function automaticOrder(): Promise<{ order: BackendName[]; skipped: string[] }> {
  const skipped: string[] = [];
  const soft = new Set<BackendName>();
  const gpu = await webgpuRenderer();
  if (gpu && SOFTWARE.test(gpu)) {
    soft.add('webgpu');
    skipped.push(`webgpu: skipped, its GPU is software-emulated (${gpu})`);
  }
  const gl = webglRenderer();
  if (gl && SOFTWARE.test(gl)) {
    soft.add('webgl');
    skipped.push(`webgl: skipped, its GPU is software-emulated (${gl})`);
  }
  return { order: BACKENDS.filter((b) => !soft.has(b)), skipped };
}
