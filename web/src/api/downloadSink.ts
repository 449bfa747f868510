/**
 * Where a download goes as it streams: a file the user picked (File System Access API: chunks go to
 * disk as they come, nothing is held in memory), or a Blob built from the chunks and handed to the
 * browser's downloads (everywhere; Chromium keeps large Blobs on disk). Log downloads and image saves.
 */

export interface DownloadSink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

export interface FileKind {
  description: string;
  accept: Record<string, string[]>;
}

export const LOG_FILE: FileKind = { description: 'Log file', accept: { 'text/plain': ['.log', '.txt'] } };
export const TAR_FILE: FileKind = { description: 'Image archive', accept: { 'application/x-tar': ['.tar'] } };

/** Chunks kept as Blob parts, then one download link click. */
export function blobSink(filename: string, type = 'text/plain'): DownloadSink {
  const parts: BlobPart[] = [];
  return {
    write: async (chunk) => void parts.push(chunk as Uint8Array<ArrayBuffer>),
    close: async () => {
      const url = URL.createObjectURL(new Blob(parts, { type }));
      parts.length = 0;
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    abort: async () => void (parts.length = 0),
  };
}

interface SaveFilePicker {
  (options: { suggestedName: string; types?: { description: string; accept: Record<string, string[]> }[] }): Promise<{
    createWritable(): Promise<{ write(data: Uint8Array): Promise<void>; close(): Promise<void>; abort(): Promise<void> }>;
  }>;
}

/** The File System Access API's save dialog, where the browser has it (Chromium on desktop). */
export function saveFilePicker(): SaveFilePicker | null {
  const picker = (window as unknown as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
  return typeof picker === 'function' ? picker.bind(window) : null;
}

/** A file the user picks, written chunk by chunk (null when they cancel the dialog). */
export async function fileSink(filename: string, kind: FileKind = LOG_FILE): Promise<DownloadSink | null> {
  const picker = saveFilePicker();
  if (!picker) return null;
  try {
    const handle = await picker({ suggestedName: filename, types: [kind] });
    const writable = await handle.createWritable();
    return { write: (chunk) => writable.write(chunk), close: () => writable.close(), abort: () => writable.abort() };
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return null;
    throw error;
  }
}
