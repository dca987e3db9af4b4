// Draws PDF pages (rendered by the core) on canvas with pdf.js: no plugin, no eval, the worker
// loaded from the app itself, so it works under the strict CSP in the app and in the bridge.
import { useEffect, useRef, useState } from 'react';
import { GlobalWorkerOptions, getDocument } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

function decode(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function PdfView({ base64, label }: { base64: string; label: string }) {
  const holder = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const el = holder.current;
    if (!el) return;
    el.replaceChildren();
    setError(null);
    const task = getDocument({ data: decode(base64), isEvalSupported: false, useSystemFonts: false });
    task.promise
      .then(async (doc) => {
        setPages(doc.numPages);
        for (let n = 1; n <= doc.numPages && !cancelled; n++) {
          const page = await doc.getPage(n);
          const viewport = page.getViewport({ scale: 1.4 });
          const canvas = document.createElement('canvas');
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          canvas.className = 'pdf-page';
          canvas.setAttribute('aria-label', `${label} ${n} ページ目`);
          canvas.setAttribute('role', 'img');
          el.appendChild(canvas);
          await page.render({ canvas, viewport }).promise;
        }
        if (!cancelled) el.dataset.rendered = 'true';
      })
      .catch((e: unknown) => !cancelled && setError(`プレビューを表示できません: ${(e as Error).message}`));
    return () => {
      cancelled = true;
      void task.destroy();
    };
  }, [base64, label]);
  return (
    <div className="pdf-view">
      {error && <div className="alert alert-error" role="alert">{error}</div>}
      <div className="muted small">{pages > 0 ? `${pages} ページ` : ''}</div>
      <div ref={holder} className="pdf-pages" data-testid="pdf-pages" />
    </div>
  );
}
