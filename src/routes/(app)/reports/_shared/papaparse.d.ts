// papaparse ships no types and @types/papaparse is not a dependency; the one call used here.
declare module 'papaparse' {
  const Papa: { unparse(data: unknown[][], config?: { quotes?: boolean; newline?: string }): string };
  export default Papa;
}
