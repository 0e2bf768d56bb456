import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';

/**
 * Printable PDFs in Vietnamese: pdfkit with DejaVu Sans (shipped by the dejavu-fonts-ttf package;
 * it covers every Vietnamese letter), registered as the fonts `regular` and `bold`, piped to
 * `output`. `done` resolves when the output has taken the whole document (after `doc.end()`).
 */
export function vietnamesePdf(output: Writable, options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<void> } {
  const doc = new PDFDocument(options);
  const done = new Promise<void>((resolve, reject) => {
    output.on('finish', resolve);
    output.on('error', reject);
  });
  doc.pipe(output);
  const require = createRequire(import.meta.url);
  doc.registerFont('regular', require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
  doc.registerFont('bold', require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'));
  return { doc, done };
}

/** The signature blocks under an official form, side by side: title in bold, the note under it. */
export function signatureBlocks(doc: PDFKit.PDFDocument, blocks: readonly { title: string; note: string }[], options: { left: number; width: number }): void {
  const y = doc.y;
  const blockWidth = options.width / blocks.length;
  blocks.forEach((block, index) => {
    const x = options.left + index * blockWidth;
    doc.font('bold').fontSize(10).text(block.title, x, y, { width: blockWidth, align: 'center' });
    doc.font('regular').fontSize(8).text(block.note, x, y + 14, { width: blockWidth, align: 'center' });
  });
  doc.x = options.left;
  doc.y = y + 70;
}
