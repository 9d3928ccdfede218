/** Every format a report renders to; each has exactly one renderer. */
export const reportFormats = ['json', 'csv', 'html', 'pdf', 'sarif', 'oscal'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** Content-Type and file extension of each format, for downloads and file names. */
export const reportFormatInfo: Record<ReportFormat, { mediaType: string; extension: string }> = {
  json: { mediaType: 'application/json', extension: 'json' },
  csv: { mediaType: 'text/csv; charset=utf-8; header=present', extension: 'csv' },
  html: { mediaType: 'text/html; charset=utf-8', extension: 'html' },
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
  sarif: { mediaType: 'application/sarif+json', extension: 'sarif' },
  oscal: { mediaType: 'application/oscal.ar+json', extension: 'oscal.json' },
};

export function isReportFormat(value: string): value is ReportFormat {
  return (reportFormats as readonly string[]).includes(value);
}
