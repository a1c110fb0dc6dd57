// Tiny but real files of each kind an upload can be, built byte by byte so tests need no
// binary fixtures: each is what its format's spec requires at the start, and little more.
import { crc32 } from "node:zlib";

/** 16-bit mono PCM WAV at 8 kHz: the RIFF header, a fmt chunk and `samples` samples of a ramp. */
export function wav(samples = 64): Buffer {
  const data = samples * 2;
  const b = Buffer.alloc(44 + data);
  b.write("RIFF", 0, "latin1");
  b.writeUInt32LE(36 + data, 4);
  b.write("WAVEfmt ", 8, "latin1");
  b.writeUInt32LE(16, 16); // fmt chunk size
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(8000, 24); // sample rate
  b.writeUInt32LE(16000, 28); // byte rate
  b.writeUInt16LE(2, 32); // block align
  b.writeUInt16LE(16, 34); // bits per sample
  b.write("data", 36, "latin1");
  b.writeUInt32LE(data, 40);
  for (let i = 0; i < samples; i++) b.writeInt16LE((i * 512) % 32768, 44 + i * 2);
  return b;
}

/** one ISO-BMFF box: 32-bit size, 4-letter type, payload */
function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, "latin1");
  return Buffer.concat([head, body]);
}

/**
 * An MP4/MOV/M4A: an ftyp box with `brand`, then (when `handlers` is given) a moov with one trak
 * per handler ("vide", "soun") — after an mdat, as files not made for streaming have it.
 */
export function mp4(opts: { brand?: string; handlers?: ("vide" | "soun")[]; mdatBytes?: number } = {}): Buffer {
  const brand = opts.brand ?? "isom";
  const ftyp = box("ftyp", Buffer.from(brand, "latin1"), Buffer.alloc(4), Buffer.from(`${brand}mp41`, "latin1"));
  const mdat = box("mdat", Buffer.alloc(opts.mdatBytes ?? 32, 0x11));
  if (!opts.handlers) return Buffer.concat([ftyp, mdat]);
  const trak = (handler: string) =>
    box("trak", box("mdia", box("hdlr", Buffer.alloc(8), Buffer.from(handler, "latin1"), Buffer.alloc(12), Buffer.from("handler\0", "latin1"))));
  return Buffer.concat([ftyp, mdat, box("moov", ...opts.handlers.map(trak))]);
}

/** an EBML element: id bytes, a 1-byte size (payload < 127 bytes) or "unknown" (8-byte all-ones) */
function ebml(id: number[], payload: Buffer, unknownSize = false): Buffer {
  const size = unknownSize ? Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) : Buffer.from([0x80 | payload.length]);
  return Buffer.concat([Buffer.from(id), size, payload]);
}

/** A WebM as a browser's MediaRecorder writes it: EBML header, a Segment of unknown size, Tracks, then a Cluster. TrackType 1 = video, 2 = audio. */
export function webm(trackTypes: (1 | 2)[]): Buffer {
  const header = ebml([0x1a, 0x45, 0xdf, 0xa3], Buffer.concat([
    ebml([0x42, 0x86], Buffer.from([1])), // EBMLVersion
    ebml([0x42, 0xf7], Buffer.from([1])), // EBMLReadVersion
    ebml([0x42, 0xf2], Buffer.from([4])), // EBMLMaxIDLength
    ebml([0x42, 0xf3], Buffer.from([8])), // EBMLMaxSizeLength
    ebml([0x42, 0x82], Buffer.from("webm", "latin1")), // DocType
    ebml([0x42, 0x87], Buffer.from([4])), // DocTypeVersion
    ebml([0x42, 0x85], Buffer.from([2])), // DocTypeReadVersion
  ]));
  const entries = trackTypes.map((t, i) => ebml([0xae], Buffer.concat([ebml([0xd7], Buffer.from([i + 1])), ebml([0x83], Buffer.from([t]))])));
  const tracks = ebml([0x16, 0x54, 0xae, 0x6b], Buffer.concat(entries));
  const cluster = ebml([0x1f, 0x43, 0xb6, 0x75], ebml([0xe7], Buffer.from([0])), true);
  return Buffer.concat([header, ebml([0x18, 0x53, 0x80, 0x67], Buffer.concat([tracks, cluster]), true)]);
}

/** An MP3: an ID3v2 tag header, then MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz: 417 bytes each). */
export function mp3(frames = 3): Buffer {
  const id3 = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  return Buffer.concat([id3, ...Array.from({ length: frames }, () => frame)]);
}

/** An Ogg page whose first packet is an Opus identification header (a browser's voice recording in Firefox). */
export function oggOpus(): Buffer {
  const head = Buffer.alloc(19);
  head.write("OpusHead", 0, "latin1");
  head[8] = 1; // version
  head[9] = 1; // channels
  head.writeUInt32LE(48000, 12);
  const page = Buffer.alloc(27);
  page.write("OggS", 0, "latin1");
  page[5] = 0x02; // beginning of stream
  page[26] = 1; // one segment
  return Buffer.concat([page, Buffer.from([head.length]), head]);
}

/** An AMR-NB voice note as the seed's mobile clients record: the magic, then one frame. */
export function amr(): Buffer {
  return Buffer.concat([Buffer.from("#!AMR\n", "latin1"), Buffer.from([0x3c]), Buffer.alloc(31)]);
}

/** The smallest PDF readers open: a catalog, a page tree, one page, the xref and trailer. */
export function pdf(): Buffer {
  return Buffer.from(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
      "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    "latin1",
  );
}

/** A ZIP of stored (uncompressed) entries: local headers, the central directory, its end record. */
export function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += 30 + fileName.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A Word document as file-type knows one: a ZIP whose [Content_Types].xml names the main document part. */
export function docx(): Buffer {
  return zip({
    "[Content_Types].xml":
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
  });
}

export const HTML = Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");
export const SVG = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>');
export const TEXT = Buffer.from("Meeting notes\nbring the invoices\n");
export const CSV = Buffer.from("id,name,amount\n1,Ann,12.50\n2,Bob,7.00\n");
