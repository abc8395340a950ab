// qrcode ships no types and @types/qrcode is not a dependency; what the QR screen and its test use.
declare module 'qrcode' {
  interface ToDataUrlOptions {
    errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
    margin?: number;
    width?: number;
  }
  interface QrCode {
    modules: { size: number; data: Uint8Array };
  }
  const QRCode: {
    toDataURL(text: string, options?: ToDataUrlOptions): Promise<string>;
    create(text: string, options?: Pick<ToDataUrlOptions, 'errorCorrectionLevel'>): QrCode;
  };
  export default QRCode;
}
