/** @saluran/bot-api-emulator: the emulator, its types, and the media helpers the playground serves files with. */
export * from './server.js';
export { extFor, imageSize, mimeFor, TINY_MP4, TINY_PNG } from './media.js';
export type { VideoInput } from './files.js';
