// A room's picture goes up as any upload does (POST /api/upload with the raw bytes, as /chat's
// avatar does); the server decides from the bytes what it is. Only an image will do here.

export interface UploadedImage {
  url: string;
  width?: number;
  height?: number;
}

/** thrown with the server's words (already in the reader's language) or ours */
export class UploadError extends Error {}

export async function uploadImage(file: Blob, locale: string, words: { notImage: string; failed: string }): Promise<UploadedImage> {
  let res: Response;
  try {
    res = await fetch("/api/upload", {
      method: "POST",
      body: file,
      headers: { "Content-Type": file.type || "application/octet-stream", "x-parley-locale": locale, "accept-language": locale },
    });
  } catch {
    throw new UploadError(words.failed);
  }
  let body: { url?: string; kind?: string; width?: number; height?: number; message?: string } = {};
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok || !body.url) throw new UploadError(body.message || words.failed);
  if (body.kind !== "image") throw new UploadError(words.notImage);
  return { url: body.url, width: body.width, height: body.height };
}
