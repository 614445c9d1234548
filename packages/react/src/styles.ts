/**
 * The widget's stylesheet. Every selector sits under `.quarry-chat`, so nothing leaks into the host page;
 * colours, radius and font are custom properties a host can set on `.quarry-chat` (or on `quarry-chat`, the
 * custom element) to match its design.
 *
 * It ships as a string rendered in a `<style>` inside the widget rather than as a CSS file to import: that
 * works without any bundler CSS setup, server-renders with the markup, reaches inside the custom element's
 * shadow root (where a page stylesheet cannot), and keeps the package free of side-effect imports.
 */

const lightColors = `
  --quarry-bg: #ffffff;
  --quarry-surface: #f6f7f9;
  --quarry-surface-strong: #eceef2;
  --quarry-fg: #1b1f24;
  --quarry-muted: #5b6470;
  --quarry-border: #d4d8de;
  --quarry-accent: #2456c7;
  --quarry-accent-fg: #ffffff;
  --quarry-danger: #b3261e;
  --quarry-danger-bg: #fdecea;
  --quarry-warning-fg: #6b4a00;
  --quarry-warning-bg: #fff4d6;
  --quarry-focus: #2456c7;
  color-scheme: light;`;

const darkColors = `
  --quarry-bg: #16181c;
  --quarry-surface: #1f2227;
  --quarry-surface-strong: #2a2e35;
  --quarry-fg: #e7e9ee;
  --quarry-muted: #a1a9b5;
  --quarry-border: #3a3f48;
  --quarry-accent: #7aa2ff;
  --quarry-accent-fg: #0d1117;
  --quarry-danger: #ff8a80;
  --quarry-danger-bg: #3b1d1b;
  --quarry-warning-fg: #ffd98a;
  --quarry-warning-bg: #3a2f12;
  --quarry-focus: #7aa2ff;
  color-scheme: dark;`;

const r = ".quarry-chat";

/** @internal The widget's CSS. */
export const quarryStyles = `
${r}{${lightColors}
  --quarry-radius: 8px;
  --quarry-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --quarry-mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  box-sizing: border-box; height: 100%; min-height: 420px; container-type: inline-size;
  font: 14px/1.5 var(--quarry-font); color: var(--quarry-fg); background: var(--quarry-bg);
  border: 1px solid var(--quarry-border); border-radius: var(--quarry-radius); overflow: hidden; text-align: left;}
${r}.quarry-theme-dark{${darkColors}}
@media (prefers-color-scheme: dark){${r}.quarry-theme-auto{${darkColors}}}
${r} .quarry-layout{display: flex; height: 100%;}
${r} *,${r} *::before,${r} *::after{box-sizing: inherit;}
${r} :focus-visible{outline: 2px solid var(--quarry-focus); outline-offset: 2px;}
${r} .quarry-visually-hidden{position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;}
${r} .quarry-muted{color: var(--quarry-muted); font-size: 0.92em;}
${r} ul,${r} ol{margin: 0; padding: 0; list-style: none;}
${r} h3,${r} h4{margin: 0;}
${r} pre,${r} code{font-family: var(--quarry-mono); font-size: 0.9em;}
${r} textarea,${r} input,${r} select{font: inherit; color: inherit; background: var(--quarry-bg);
  border: 1px solid var(--quarry-border); border-radius: 6px; padding: 6px 8px;}
${r} .quarry-button{font: inherit; color: var(--quarry-fg); background: var(--quarry-surface);
  border: 1px solid var(--quarry-border); border-radius: 6px; padding: 6px 12px; cursor: pointer; line-height: 1.2;}
${r} .quarry-button:hover:not(:disabled){background: var(--quarry-surface-strong);}
${r} .quarry-button:disabled{opacity: 0.55; cursor: default;}
${r} .quarry-button-small{padding: 3px 8px; font-size: 0.9em;}
${r} .quarry-primary{background: var(--quarry-accent); color: var(--quarry-accent-fg); border-color: var(--quarry-accent);}
${r} .quarry-primary:hover:not(:disabled){background: var(--quarry-accent); filter: brightness(1.08);}
${r} .quarry-quiet{background: transparent; border-color: transparent; color: var(--quarry-muted);}
${r} .quarry-danger,${r} .quarry-stop{color: var(--quarry-danger); border-color: var(--quarry-danger);}
${r} .quarry-icon-button{min-width: 32px;}
${r} .quarry-icon-button[aria-pressed="true"]{background: var(--quarry-accent); border-color: var(--quarry-accent);}
${r} .quarry-toolbar{display: flex; flex-wrap: wrap; gap: 6px; align-items: center;}
${r} .quarry-part-header{display: flex; gap: 8px; align-items: center; font-size: 0.85em; font-weight: 600;
  color: var(--quarry-muted); text-transform: uppercase; letter-spacing: 0.03em; margin-bottom: 4px;}

${r} .quarry-sessions{width: 250px; flex: none; display: flex; flex-direction: column; gap: 8px; padding: 12px;
  background: var(--quarry-surface); border-right: 1px solid var(--quarry-border); overflow-y: auto;}
${r} .quarry-session{display: flex; flex-direction: column; border-radius: 6px; padding: 2px;}
${r} .quarry-session.quarry-current{background: var(--quarry-surface-strong);}
${r} .quarry-session-open{all: unset; cursor: pointer; padding: 4px 6px; border-radius: 4px; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap;}
${r} .quarry-session-open:focus-visible{outline: 2px solid var(--quarry-focus);}
${r} .quarry-session-actions{display: flex; flex-wrap: wrap; gap: 0 2px; opacity: 0.35;}
${r} .quarry-session-actions .quarry-button-small{padding: 2px 5px;}
${r} .quarry-session:hover .quarry-session-actions,${r} .quarry-session:focus-within .quarry-session-actions,
${r} .quarry-current .quarry-session-actions{opacity: 1;}
${r} .quarry-rename{display: flex; gap: 4px; flex-wrap: wrap;}
${r} .quarry-rename input{flex: 1; min-width: 0;}
${r} .quarry-archived summary{cursor: pointer; color: var(--quarry-muted); padding: 4px 0;}

${r} .quarry-main{position: relative; flex: 1; min-width: 0; min-height: 0; display: flex; flex-direction: column;}
${r} .quarry-header{display: flex; justify-content: flex-end; gap: 8px; padding: 8px 12px;
  border-bottom: 1px solid var(--quarry-border);}
${r} .quarry-header:empty{display: none;}
${r} .quarry-model-picker{display: flex; gap: 6px; align-items: center;}
${r} .quarry-body{flex: 1; min-height: 0; display: flex;}
${r} .quarry-conversation{flex: 1; min-width: 0; overflow-y: auto; padding: 16px;}
${r} .quarry-side{width: 340px; flex: none; overflow-y: auto; padding: 12px; display: flex; flex-direction: column;
  gap: 12px; border-left: 1px solid var(--quarry-border);}
${r} .quarry-side:empty{display: none;}
${r} .quarry-empty{color: var(--quarry-muted); text-align: center; margin-top: 15%;}
${r} .quarry-messages{display: flex; flex-direction: column; gap: 16px;}
${r} .quarry-message{display: flex; flex-direction: column; gap: 6px; align-items: flex-start;}
${r} .quarry-author{font-size: 0.8em; font-weight: 600; color: var(--quarry-muted);}
${r} .quarry-question{align-items: flex-end;}
${r} .quarry-question-text{margin: 0; padding: 8px 12px; background: var(--quarry-surface-strong);
  border-radius: var(--quarry-radius); white-space: pre-wrap; max-width: 85%;}
${r} .quarry-edit{display: flex; flex-direction: column; gap: 6px; width: min(100%, 560px);}
${r} .quarry-answer-body{display: flex; flex-direction: column; gap: 10px; width: 100%;}
${r} .quarry-markdown > :first-child{margin-top: 0;}
${r} .quarry-markdown > :last-child{margin-bottom: 0;}
${r} .quarry-markdown a{color: var(--quarry-accent);}
${r} .quarry-markdown ul,${r} .quarry-markdown ol{padding-left: 1.4em;}
${r} .quarry-markdown ul{list-style: disc;}
${r} .quarry-markdown ol{list-style: decimal;}
${r} .quarry-status{display: flex; align-items: center; gap: 8px; margin: 0; color: var(--quarry-muted);}
${r} .quarry-spinner{width: 12px; height: 12px; border-radius: 50%; border: 2px solid var(--quarry-border);
  border-top-color: var(--quarry-accent); animation: quarry-spin 0.8s linear infinite;}
@keyframes quarry-spin{to{transform: rotate(360deg);}}
@media (prefers-reduced-motion: reduce){${r} .quarry-spinner{animation: none;}}
${r} figure{margin: 0; width: 100%;}
${r} .quarry-sql pre{margin: 0; padding: 10px; overflow-x: auto; background: var(--quarry-surface);
  border: 1px solid var(--quarry-border); border-radius: 6px; white-space: pre-wrap;}
${r} .quarry-table-scroll{max-height: 360px; overflow: auto; border: 1px solid var(--quarry-border); border-radius: 6px;
  width: fit-content; max-width: 100%;}
${r} .quarry-table{border-collapse: collapse; table-layout: fixed; width: max-content;}
${r} .quarry-columns{width: auto;}
${r} .quarry-columns .quarry-table{table-layout: auto; min-width: 100%;}
${r} .quarry-table th,${r} .quarry-table td{padding: 0 8px; height: 32px; border-bottom: 1px solid var(--quarry-border);
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; text-align: left;}
${r} .quarry-table thead th{position: sticky; top: 0; z-index: 1; background: var(--quarry-surface);}
${r} .quarry-table .quarry-num{text-align: right; font-variant-numeric: tabular-nums;}
${r} .quarry-table .quarry-null{color: var(--quarry-muted); font-style: italic;}
${r} .quarry-sort{all: unset; cursor: pointer; display: inline-flex; gap: 4px; font-weight: 600;}
${r} .quarry-sort:focus-visible{outline: 2px solid var(--quarry-focus);}
${r} .quarry-sort-mark{color: var(--quarry-muted); font-size: 0.8em;}
${r} .quarry-chart-canvas{max-width: 100%; overflow-x: auto;}
${r} .quarry-chart figcaption,${r} .quarry-result figcaption{margin-top: 4px;}
${r} details > summary{cursor: pointer;}
${r} .quarry-trace{font-size: 0.9em; color: var(--quarry-muted);}
${r} .quarry-trace li{margin: 6px 0; padding-left: 8px; border-left: 2px solid var(--quarry-border);}
${r} .quarry-trace pre{margin: 2px 0 6px; max-height: 200px; overflow: auto; white-space: pre-wrap;}
${r} .quarry-trace-name{display: flex; gap: 8px; align-items: center;}
${r} .quarry-badge-error{color: var(--quarry-danger);}
${r} .quarry-citations li{margin: 6px 0;}
${r} .quarry-citation summary{width: fit-content; border-radius: 4px;}
${r} .quarry-citation cite{font-style: normal; font-weight: 600;}
${r} .quarry-citations blockquote{margin: 4px 0 0; padding-left: 10px; border-left: 3px solid var(--quarry-accent);
  white-space: pre-wrap;}
${r} .quarry-warning{margin: 0; padding: 8px 10px; border-radius: 6px; color: var(--quarry-warning-fg);
  background: var(--quarry-warning-bg);}
${r} .quarry-error-part,${r} .quarry-error-banner{padding: 8px 12px; border-radius: 6px; color: var(--quarry-danger);
  background: var(--quarry-danger-bg);}
${r} .quarry-error-part p,${r} .quarry-error-banner p{margin: 0 0 4px;}
${r} .quarry-error-banner{margin: 8px 12px 0;}
${r} .quarry-answer-actions{display: flex; flex-direction: column; gap: 6px;}
${r} .quarry-feedback-form{display: flex; flex-direction: column; gap: 6px; width: min(100%, 480px);}
${r} .quarry-feedback-form label{display: flex; flex-direction: column; gap: 2px;}
${r} .quarry-suggestions{padding: 0 16px 8px;}
${r} .quarry-suggestions ul{display: flex; flex-wrap: wrap; gap: 6px;}
${r} .quarry-chip{border-radius: 999px;}
${r} .quarry-composer{display: flex; gap: 8px; align-items: flex-end; padding: 12px; border-top: 1px solid var(--quarry-border);}
${r} .quarry-composer textarea{flex: 1; resize: vertical; min-height: 40px; max-height: 200px;}
${r} .quarry-dataset{border: 1px solid var(--quarry-border); border-radius: 6px; padding: 8px;}
${r} .quarry-dataset + .quarry-dataset{margin-top: 8px;}
${r} .quarry-dataset-name{font-weight: 600;}
${r} .quarry-dataset .quarry-table-scroll{margin-top: 8px; max-height: 260px;}
${r} .quarry-kind{display: inline-block; min-width: 2.4em; margin-right: 6px; padding: 0 4px; border-radius: 4px;
  font: 600 0.75em var(--quarry-mono); text-align: center; background: var(--quarry-surface-strong);}
${r} .quarry-cleaning{margin-top: 8px;}
${r} .quarry-cleaning li{display: flex; gap: 8px; align-items: center; justify-content: space-between; padding: 4px 0;}
${r} .quarry-glossary,${r} .quarry-insights{margin-top: 8px;}
${r} .quarry-glossary summary h4,${r} .quarry-memory summary h3{display: inline-flex; margin: 0;}
${r} .quarry-glossary form,${r} .quarry-memory-form{display: flex; flex-direction: column; gap: 6px; margin-top: 4px;}
${r} .quarry-glossary fieldset{display: flex; flex-direction: column; gap: 4px; margin: 0 0 6px; padding: 6px 8px;
  border: 1px solid var(--quarry-border); border-radius: 6px;}
${r} .quarry-glossary label{display: flex; flex-direction: column; gap: 2px;}
${r} .quarry-glossary fieldset button{align-self: flex-end;}
${r} .quarry-glossary p,${r} .quarry-memory p{margin: 0;}
${r} .quarry-code-input{font-family: var(--quarry-mono);}
${r} .quarry-insights-header{display: flex; gap: 8px; align-items: center; justify-content: space-between;}
${r} .quarry-insights-header h4{margin-bottom: 0;}
${r} .quarry-insights .quarry-status:empty{display: none;}
${r} .quarry-insights > p{margin: 4px 0 0;}
${r} .quarry-insight-cards{display: flex; flex-direction: column; gap: 12px; margin-top: 8px;}
${r} .quarry-insight{display: flex; flex-direction: column; gap: 6px; padding-top: 8px;
  border-top: 1px solid var(--quarry-border);}
${r} .quarry-insight h5{margin: 0; font-size: 1em;}
${r} .quarry-insight p{margin: 0;}
${r} .quarry-insight .quarry-chart-canvas{overflow: hidden;}
${r} .quarry-insight .quarry-chart figcaption{color: var(--quarry-muted); font-size: 0.92em;}
${r} .quarry-insight .quarry-table-scroll{margin-top: 0; max-height: none;}
${r} .quarry-uploads li{display: grid; grid-template-columns: 1fr auto; gap: 2px 8px; align-items: center; padding: 4px 0;}
${r} .quarry-uploads progress{width: 100%;}
${r} .quarry-upload-name{grid-column: 1 / -1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;}
${r} .quarry-upload-error{color: var(--quarry-danger);}
${r} .quarry-upload-preview{grid-column: 1 / -1; min-width: 0;}
${r} .quarry-upload-preview .quarry-table-scroll{margin-top: 4px; max-height: 220px;}
${r} .quarry-documents li{display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 2px 8px;
  align-items: center; padding: 4px 0;}
${r} .quarry-document-name{overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-weight: 600;}
${r} .quarry-document-state{grid-column: 1; display: flex; gap: 6px; align-items: center; min-width: 0;}
${r} .quarry-document-state progress{flex: 1;}
${r} .quarry-document-remove{grid-column: 2; grid-row: 1 / span 2;}
${r} .quarry-documents-status{margin: 4px 0 0;}
${r} .quarry-drop-overlay{position: absolute; inset: 8px; display: flex; align-items: center; justify-content: center;
  border: 2px dashed var(--quarry-accent); border-radius: var(--quarry-radius); pointer-events: none;
  background: color-mix(in srgb, var(--quarry-bg) 88%, transparent); font-weight: 600;}
@container (max-width: 900px){${r} .quarry-body{flex-direction: column-reverse;}
  ${r} .quarry-side{width: auto; max-height: 40%; border-left: 0; border-bottom: 1px solid var(--quarry-border);}}
@container (max-width: 640px){${r} .quarry-layout{flex-direction: column;}
  ${r} .quarry-sessions{width: auto; max-height: 30%; border-right: 0; border-bottom: 1px solid var(--quarry-border);}}
`;
