// What the API needs of reports (format names, signatures, signing keys) without loading the renderers (PDFKit and
// its fonts): the API process renders nothing, so its start-up should not pay for them.
export * from './render/report-formats.js';
export * from './signing/report-signing.js';
