import { createRoot } from 'react-dom/client';
import { App } from './app';
// Noto Sans JP (variable weight) split by unicode-range: vite bundles the woff2 files into the
// app and the browser loads only the ranges a screen uses.
import '@fontsource-variable/noto-sans-jp';
import './styles.css';

createRoot(document.getElementById('root')!).render(<App />);
