// Two log batches in flight at once: the second one's lines teach the miner a merge, but the
// first one's transaction commits first and writes the merge event, before the merged-away
// templates have rows. Their rows, written with the second batch, must still name the survivor,
// so that every stored line's template id folds into the one template the miner knows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { tempDir } from '../helpers/daemon.ts';
import { Storage } from '../../core/storage/db.ts';
import { LogStore, type LogInput } from '../../core/storage/log-store.ts';
import { TemplateEnricher } from '../../core/logs/template-enricher.ts';

const rows = (messages: string[]): LogInput[] => messages.map((message) => ({ ts: Date.now(), level: null, source: null, message, templateId: null }));

test('templates merged by a batch that commits after the merge event still point at their survivor', async () => {
  const dir = tempDir();
  const storage = await Storage.open(dir);
  try {
    const logs = new LogStore(storage);
    await logs.load();
    const enricher = await TemplateEnricher.load(logs);
    logs.appendHooks.push(enricher.inTransaction);

    // The miner merges a word position once five templates differ only there.
    const first = rows(['service started on port 8080']);
    const second = rows(['alder', 'birch', 'cedar', 'dogwood', 'elm'].map((w) => `payment accepted for customer ${w}`));
    enricher.enrich(first);
    enricher.enrich(second);
    await Promise.all([logs.append(first, Date.now()), logs.append(second, Date.now())]);

    const survivor = enricher.miner.template(second[0]!.templateId!)!.id;
    const stored = await storage.all<{ template_id: string; root: string; count: number }>(
      `SELECT l.template_id, coalesce(t.merged_into, t.id) AS root, t.count::INTEGER AS count
       FROM logs l JOIN log_templates t ON t.id = l.template_id WHERE l.message LIKE 'payment%' ORDER BY l.seq`,
    );
    assert.equal(stored.length, 5);
    assert.ok(new Set(stored.map((r) => r.template_id)).size > 1, 'the lines were stored under the ids they got before the merge');
    assert.deepEqual(
      stored.map((r) => r.root),
      stored.map(() => survivor),
      `every line's template folds into the survivor ${survivor}`,
    );
    const folded = await storage.all<{ root: string; n: number }>(
      "SELECT coalesce(merged_into, id) AS root, sum(count)::INTEGER AS n FROM log_templates WHERE template LIKE 'payment%' GROUP BY root",
    );
    assert.deepEqual(folded, [{ root: survivor, n: 5 }]);
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
