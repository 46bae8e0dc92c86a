// The part of the qrcode package (which ships no types) that Switchboard uses.
declare module "qrcode" {
  export interface QRCodeToBufferOptions {
    type?: "png";
    errorCorrectionLevel?: "L" | "M" | "Q" | "H";
    /** Image width in pixels. */
    width?: number;
    /** Quiet zone in modules. */
    margin?: number;
  }
  export function toBuffer(text: string, options?: QRCodeToBufferOptions): Promise<Buffer>;
  const QRCode: { toBuffer: typeof toBuffer };
  export default QRCode;
}
