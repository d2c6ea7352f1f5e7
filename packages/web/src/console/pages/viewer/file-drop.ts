/**
 * The files the operator chose for sending, with their relative paths: from a file input
 * (a folder input gives `webkitRelativePath`) or from a drop, where folders are walked.
 */
import { type FileToSend, hashedBlobSource } from '../../../viewer/file-transfer/index'

/** Files from an `<input type="file">`, a folder's files keeping their sub-folders. */
export function filesFromInput(list: FileList | null): FileToSend[] {
  return [...(list ?? [])].map((file) => ({
    path: file.webkitRelativePath === '' ? file.name : file.webkitRelativePath,
    source: hashedBlobSource(file),
  }))
}

/** Files from a drop: dropped folders are read entry by entry (a drop gives no paths otherwise). */
export async function filesFromDrop(data: DataTransfer): Promise<FileToSend[]> {
  const entries = [...data.items]
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null)
  if (entries.length === 0) return filesFromInput(data.files)
  const files: FileToSend[] = []
  for (const entry of entries) await collect(entry, '', files)
  return files
}

async function collect(entry: FileSystemEntry, prefix: string, into: FileToSend[]): Promise<void> {
  const path = `${prefix}${entry.name}`
  if (isFile(entry)) {
    const file = await new Promise<File>((resolve, reject) => {
      entry.file(resolve, reject)
    })
    into.push({ path, source: hashedBlobSource(file) })
    return
  }
  if (!isDirectory(entry)) return
  const reader = entry.createReader()
  // A directory reader hands out its entries in batches until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => {
      reader.readEntries(resolve, reject)
    })
    if (batch.length === 0) return
    for (const child of batch) await collect(child, `${path}/`, into)
  }
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory
}
