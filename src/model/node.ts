// The model layer's Node-only entry (command lines and tests): files in and out. Kept apart from index.ts so that
// nothing the browser bundles imports node:fs. Reads are bounded (checkpoint/node.ts, image/node.ts).
export { readCheckpointFile } from './checkpoint/node';
export { decodeImage, readImageFile, MAX_IMAGE_FILE_BYTES } from './image/node';
export { readConvertedFolder, writeConvertedFolder } from './convert/node';
export { FileError, readFileAtMost, readTextAtMost } from './files/node';
