/** The tool block every report carries. */
export const toolInfo = {
  name: 'meshguard',
  version: '0.1.0',
  informationUri: 'https://github.com/meshguard/meshguard',
} as const;
