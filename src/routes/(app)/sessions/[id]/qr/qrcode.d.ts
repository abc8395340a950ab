// qrcode ships no types and @types/qrcode is not a dependency; the one call the QR screen uses.
declare module 'qrcode' {
  interface ToDataUrlOptions {
    errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
    margin?: number;
    width?: number;
  }
  const QRCode: { toDataURL(text: string, options?: ToDataUrlOptions): Promise<string> };
  export default QRCode;
}
