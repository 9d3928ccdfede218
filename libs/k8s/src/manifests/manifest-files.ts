import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ManifestSourceError } from './manifest-problem.js';

const manifestExtensions = new Set(['.yaml', '.yml', '.json']);
const skippedDirectories = new Set(['node_modules', '.git']);

/** Every YAML/JSON file under the given files and folders, sorted, each once (symlink loops are not followed twice). */
export async function findManifestFiles(paths: readonly string[], maxFiles: number): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const visit = async (path: string, explicit: boolean): Promise<void> => {
    const info = await stat(path).catch(() => undefined);
    if (!info) {
      if (explicit)
        throw new ManifestSourceError(
          `${path} does not exist; pass files or folders of Kubernetes YAML or JSON`,
        );
      return;
    }
    const real = await realpath(path);
    if (seen.has(real)) return;
    seen.add(real);
    if (info.isFile()) {
      if (explicit || manifestExtensions.has(extname(path).toLowerCase())) files.push(path);
    } else if (info.isDirectory()) {
      const entries = (await readdir(path, { withFileTypes: true })).map((e) => e.name).sort();
      for (const name of entries) {
        if (name.startsWith('.') || skippedDirectories.has(name)) continue;
        await visit(join(path, name), false);
      }
    }
    if (files.length > maxFiles)
      throw new ManifestSourceError(
        `more than ${maxFiles} manifest files under ${paths.join(', ')}; point at a narrower folder`,
      );
  };
  for (const path of paths) await visit(path, true);
  if (files.length === 0)
    throw new ManifestSourceError(`no .yaml, .yml or .json files under ${paths.join(', ')}`);
  return files;
}
