// Every report exports the table it shows: CSV (UTF-8 with a BOM, so Excel on Windows reads the
// Chinese) and XLSX. Both libraries load only when the person asks for a file.
export type Cell = string | number | null;

export interface ExportSheet {
  /** File name without extension; also the sheet name (Excel allows 31 characters). */
  name: string;
  rows: Cell[][];
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function exportCsv(sheet: ExportSheet): Promise<void> {
  const { default: Papa } = await import('papaparse');
  const csv = Papa.unparse(sheet.rows.map((row) => row.map((c) => c ?? '')));
  download(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }), `${sheet.name}.csv`);
}

export async function exportXlsx(sheet: ExportSheet): Promise<void> {
  const { default: writeExcelFile } = await import('write-excel-file/browser');
  const blob = await writeExcelFile(sheet.rows, { sheet: sheet.name.slice(0, 31) }).toBlob();
  download(blob, `${sheet.name}.xlsx`);
}
