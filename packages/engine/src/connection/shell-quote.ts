/** POSIX sh single-quoting: the result is one word whatever `s` holds. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command putFile runs: write stdin to `path`; with a mode, created private then chmod'ed. */
export function putFileCommand(path: string, mode: number | undefined): string {
  const p = shellQuote(path);
  if (mode === undefined) return `cat > ${p}`;
  return `umask 077 && cat > ${p} && chmod ${(mode & 0o7777).toString(8).padStart(4, '0')} ${p}`;
}
