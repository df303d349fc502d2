// Writes the app icons (PNG) into public/icons: a white check mark on the app's blue, as a rounded
// square (any purpose) and full-bleed with the mark inside the safe zone (maskable). A tiny PNG encoder
// on node:zlib, so no image tool is needed: node pwa/scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [31, 79, 209];
const WHITE = [255, 255, 255];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function distToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Coverage of the shape at a point in unit coordinates (0..1): background and check mark. */
function sample(x, y, { maskable }) {
  // Rounded square (radius 0.22) for the regular icon; the whole square for the maskable one.
  const r = 0.22;
  const inset = maskable ? 0 : 0.04;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - inset - r), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - inset - r), 0);
  const inBg = maskable || Math.hypot(qx, qy) <= r;
  if (!inBg) return null;
  // The check mark: scaled to stay within the maskable safe zone (a circle of radius 0.4).
  const s = maskable ? 0.72 : 1;
  const cx = (x - 0.5) / s + 0.5;
  const cy = (y - 0.5) / s + 0.5;
  const w = 0.075 / 1;
  const d = Math.min(
    distToSegment(cx, cy, 0.28, 0.52, 0.43, 0.67),
    distToSegment(cx, cy, 0.43, 0.67, 0.73, 0.35),
  );
  return d <= w ? WHITE : BLUE;
}

function render(size, options) {
  const out = Buffer.alloc(size * size * 4);
  const n = 4; // 4x4 supersampling
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = sample((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size, options);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      out[i] = a ? Math.round(r / a) : 0;
      out[i + 1] = a ? Math.round(g / a) : 0;
      out[i + 2] = a ? Math.round(b / a) : 0;
      out[i + 3] = Math.round((255 * a) / (n * n));
    }
  }
  return png(size, out);
}

const dir = new URL('../public/icons/', import.meta.url);
mkdirSync(dir, { recursive: true });
const icons = [
  ['icon-192.png', 192, { maskable: false }],
  ['icon-512.png', 512, { maskable: false }],
  ['maskable-512.png', 512, { maskable: true }],
  ['apple-touch-icon.png', 180, { maskable: true }],
  ['favicon-32.png', 32, { maskable: false }],
];
for (const [name, size, options] of icons) {
  writeFileSync(new URL(name, dir), render(size, options));
  console.log(`wrote public/icons/${name}`);
}
