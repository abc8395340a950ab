// The code the trainer's screen draws is the code the cadre's scanner reads back, and it verifies.
import QRCode from 'qrcode';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { checkinWindow, makeQrPayload, newSessionSecret, verifyCheckinCode } from '$lib/domain/checkin-code';

/** Renders the QR modules as an RGBA image with a quiet zone, the way a camera frame arrives. */
function render(text: string, scale = 4, quiet = 4): { data: Uint8ClampedArray; width: number } {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const width = (size + quiet * 2) * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      if (!data[y * size + x]) continue;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + quiet) * scale + dy) * width + (x + quiet) * scale + dx) * 4;
          pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
        }
    }
  return { data: pixels, width };
}

describe('the QR code on the trainer’s screen', () => {
  it('reads back through the cadre’s scanner as the exact payload, which the verifier accepts', async () => {
    const sessionId = crypto.randomUUID();
    const secret = newSessionSecret();
    const at = new Date('2026-11-27T01:05:10Z');
    const payload = await makeQrPayload(sessionId, secret, at);
    const image = render(payload);
    const read = jsQR(image.data, image.width, image.width);
    expect(read?.data).toBe(payload);
    const window = checkinWindow({ startsAt: '2026-11-27T01:00:00Z', endsAt: '2026-11-27T04:00:00Z' });
    await expect(verifyCheckinCode({ code: read!.data, sessionId, secret, at, window })).resolves.toMatchObject({
      ok: true
    });
  });
});
