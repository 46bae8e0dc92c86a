// The part of the pngjs package (which ships no types) that the tests use to decode QR code images.
declare module "pngjs" {
  export const PNG: {
    sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } };
  };
}
