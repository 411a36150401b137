// The reader's camera: start on request, show the stream, take one frame, stop. Errors say what to do.

export class CameraError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CameraError';
  }
}

export function cameraMessage(e: unknown): string {
  const name = (e as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return "Camera access was refused. Allow the camera for this site in the browser's settings, or choose a file instead.";
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return 'No camera was found on this device. Choose a file or a sample instead.';
  if (name === 'NotReadableError') return 'The camera is in use by another program, or the system blocked it.';
  return `The camera could not start: ${(e as Error)?.message ?? String(e)}`;
}

export async function startCamera(video: HTMLVideoElement): Promise<MediaStream> {
  if (!window.isSecureContext) throw new CameraError('The camera needs a secure (https) page.');
  if (!navigator.mediaDevices?.getUserMedia)
    throw new CameraError('This browser offers no camera access. Choose a file or a sample instead.');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch (e) {
    throw new CameraError(cameraMessage(e));
  }
  video.srcObject = stream;
  await video.play();
  return stream;
}

export function stopCamera(video: HTMLVideoElement, stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
  video.srcObject = null;
}
