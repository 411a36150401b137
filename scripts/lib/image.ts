// Node image reading lives in src/model/image/ (one decoder and one set of limits for Node and the browser).
export { readImageFile as readImage } from '../../src/model/image/node';
