import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { UnsupportedMediaTypeError } from '../../errors.ts';

export const ACCEPTED_DESCRIPTION = 'PDF, JPEG, PNG, WebP, GIF or plain UTF-8 text';

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

export type Detected = { kind: 'image'; mime: string } | { kind: 'pdf' } | { kind: 'text' };

function refuse(found: string): UnsupportedMediaTypeError {
  return new UnsupportedMediaTypeError(
    `This file is ${found}; a note accepts ${ACCEPTED_DESCRIPTION} files (checked by content, not by name).`,
  );
}

// A document that opens with markup is what browsers sniff as HTML, SVG or XML; none of that is
// "plain text", whatever the name or declared type says.
const MARKUP_START =
  /^\s*<(?:!doctype|!--|\?xml|html|head|body|script|svg|iframe|object|embed|style|meta|link|a|img|div|p|form|math)\b/i;

/** Plain text: valid UTF-8, no NUL or other control bytes than tab, newlines and form feed, no markup. */
function isPlainText(bytes: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters.
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return false;
  return !MARKUP_START.test(text.replace(/^\uFEFF/, ''));
}

/** What a received file is, by its bytes alone; anything else is 415. */
export async function detectContent(tempPath: string): Promise<Detected> {
  const type = await fileTypeFromFile(tempPath);
  if (type) {
    if (IMAGE_TYPES.has(type.mime)) return { kind: 'image', mime: type.mime };
    if (type.mime === 'application/pdf') return { kind: 'pdf' };
    throw refuse(`${type.mime} (.${type.ext})`);
  }
  // file-type knows binary formats only; text is what is left, if it really is text.
  const bytes = await readFile(tempPath);
  if (isPlainText(bytes)) return { kind: 'text' };
  throw refuse('neither a known document or image nor plain UTF-8 text');
}

export async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function sha256Of(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface ReencodedImage {
  data: Buffer;
  mime: string;
  ext: string;
  width: number;
  height: number;
  thumbnail: Buffer;
}

const THUMBNAIL_SIZE = 320;

/**
 * Decodes and re-encodes an image in its own format: what survives is the pixels, so EXIF/GPS
 * and anything appended after the image data (a ZIP riding on a PNG) are gone.
 */
export async function reencodeImage(tempPath: string, mime: string): Promise<ReencodedImage> {
  // libvips is loaded on the first image, not at start: it is tens of MB of memory.
  const { default: sharp } = await import('sharp');
  const input = await readFile(tempPath);
  const animated = mime === 'image/gif' || mime === 'image/webp';
  try {
    let image = sharp(input, { limitInputPixels: 50_000_000, animated });
    if (!animated) image = image.rotate();
    let output: { data: Buffer; info: { width: number; height: number } };
    let ext: string;
    switch (mime) {
      case 'image/jpeg':
        output = await image.jpeg({ quality: 88 }).toBuffer({ resolveWithObject: true });
        ext = 'jpg';
        break;
      case 'image/png':
        output = await image.png().toBuffer({ resolveWithObject: true });
        ext = 'png';
        break;
      case 'image/webp':
        output = await image.webp({ quality: 88 }).toBuffer({ resolveWithObject: true });
        ext = 'webp';
        break;
      default:
        output = await image.gif().toBuffer({ resolveWithObject: true });
        ext = 'gif';
    }
    const thumbnail = await sharp(input, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78 })
      .toBuffer();
    const meta = await sharp(output.data, { animated }).metadata();
    return {
      data: output.data,
      mime,
      ext,
      width: meta.width ?? output.info.width,
      height: meta.pageHeight ?? meta.height ?? output.info.height,
      thumbnail,
    };
  } catch {
    throw new UnsupportedMediaTypeError('The image could not be read. Is the file damaged?');
  }
}

/**
 * The thumbnail and size of an image kept as it is (an attachment restored from an archive was
 * re-encoded when it was first uploaded; re-encoding it again would change its bytes).
 */
export async function thumbnailOf(
  tempPath: string,
  mime: string,
): Promise<{ thumbnail: Buffer; width: number; height: number }> {
  const { default: sharp } = await import('sharp');
  const input = await readFile(tempPath);
  const animated = mime === 'image/gif' || mime === 'image/webp';
  try {
    const meta = await sharp(input, { limitInputPixels: 50_000_000, animated }).metadata();
    const thumbnail = await sharp(input, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78 })
      .toBuffer();
    return { thumbnail, width: meta.width ?? 0, height: meta.pageHeight ?? meta.height ?? 0 };
  } catch {
    throw new UnsupportedMediaTypeError('The image could not be read. Is the file damaged?');
  }
}
