// Every icon of the manifest comes from static/icon.svg. Regenerate the committed PNGs with
// `npx pwa-assets-generator` after changing the SVG.
import { defineConfig, minimal2023Preset } from '@vite-pwa/assets-generator/config';

export default defineConfig({
  headLinkOptions: { preset: '2023' },
  preset: {
    ...minimal2023Preset,
    // Maskable and Apple icons are cropped to a circle or rounded square: keep the mark inside
    // the safe zone on the brand colour rather than on white.
    maskable: { ...minimal2023Preset.maskable, padding: 0.3, resizeOptions: { background: '#b42318' } },
    apple: { ...minimal2023Preset.apple, padding: 0.3, resizeOptions: { background: '#b42318' } }
  },
  images: ['static/icon.svg']
});
