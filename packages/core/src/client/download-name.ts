/**
 * The file name a `Content-Disposition` header gives: the exact RFC 8187 `filename*` when it is UTF-8 and
 * decodes, else the plain `filename` (quoted or not), else undefined. Folders are cut off, so a name can
 * never point outside where it is saved.
 */
export function fileNameFromDisposition(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^;]+)/i.exec(header)?.[1]?.trim();
  if (extended) {
    const match = /^UTF-8'[^']*'(.+)$/i.exec(extended);
    if (match?.[1]) {
      try {
        return baseName(decodeURIComponent(match[1]));
      } catch {
        // Malformed percent-encoding: fall back to the plain name.
      }
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/i.exec(header);
  const name = plain?.[1]?.replace(/\\(.)/g, "$1") ?? plain?.[2]?.trim();
  return name ? baseName(name) : undefined;
}

function baseName(name: string): string | undefined {
  const base = name.split(/[/\\]/).pop()?.trim();
  return base || undefined;
}
