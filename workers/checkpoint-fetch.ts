import { CheckpointError, decodeCheckpoint, parseManifest, type LoadedCheckpoint } from '../src/core/model/checkpoint';
import { messageOf } from '../src/core/errors';

/**
 * Fetches a checkpoint folder (`manifest.json` + its weights file) over HTTP and decodes it. Every
 * failure becomes a CheckpointError that names the file and what was wrong with it, so the page
 * can say "weights.bin is missing" rather than show nothing.
 */
export async function fetchCheckpoint(folderUrl: string): Promise<LoadedCheckpoint> {
  const folder = folderUrl.endsWith('/') ? folderUrl : `${folderUrl}/`;
  const manifestUrl = new URL('manifest.json', folder).href;
  const manifestText = await (await fetchFile(manifestUrl)).text();
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(manifestText);
  } catch (e) {
    throw new CheckpointError(`checkpoint manifest ${manifestUrl} is not valid JSON (${messageOf(e)})`);
  }
  const manifest = parseManifest(manifestJson);
  const weightsUrl = new URL(manifest.weightsFile, folder).href;
  // The manifest's schema allows only plain relative names; this says so again where the URL is made.
  if (!weightsUrl.startsWith(folder)) throw new CheckpointError(`checkpoint manifest ${manifestUrl}: weightsFile ${JSON.stringify(manifest.weightsFile)} leads outside the checkpoint folder ${folder}`);
  const weights = await (await fetchFile(weightsUrl)).arrayBuffer();
  return decodeCheckpoint(manifestJson, weights);
}

async function fetchFile(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new CheckpointError(`could not fetch checkpoint file ${url}: ${messageOf(e)}`);
  }
  if (res.status === 404) throw new CheckpointError(`checkpoint file is missing: ${url} (HTTP 404)`);
  if (!res.ok) throw new CheckpointError(`could not fetch checkpoint file ${url}: HTTP ${res.status} ${res.statusText}`);
  // A server that answers unknown paths with the app's index page would otherwise fail later as "not JSON".
  if ((res.headers.get('content-type') ?? '').includes('text/html')) throw new CheckpointError(`checkpoint file is missing: ${url} (the server answered with an HTML page)`);
  return res;
}
