-- Seeds :n transfers' events for developer :'dev' (test mode) over the 30 days ending two days ago:
-- created → submitted → completed (85 %), → failed (10 %), or created → rejected (5 %); 4 corridors,
-- 3 assets on 2 networks, 2,000 senders paying 1,000 merchant accounts. One INSERT … SELECT (bulk, server side).
\set ON_ERROR_STOP on
INSERT INTO rowell_events (id, developer_id, mode, aggregate_id, aggregate_seq, type, payload, created_at)
SELECT 'evt_bn' || t.i || '_' || e.k, :'dev', 'test', 'tr_bn' || t.i, e.k, e.type,
       json_build_object('id', 'tr_bn' || t.i, 'status', e.status, 'from_account', 'acc_bs' || (t.i % 2000),
           'to_account', 'acc_bm' || ((t.i * 7) % 1000), 'to_address', 'GBENCH', 'network', t.network, 'environment', 'testnet',
           'asset_code', t.asset, 'amount', t.amount, 'fee', t.fee, 'fee_asset', t.fee_asset,
           'from_country', t.fc, 'to_country', t.tc, 'transaction_hash', NULL, 'failure_code', NULL, 'attempt', 1,
           'created_at', t.at, 'updated_at', t.at + e.off),
       t.at + e.off
FROM (
    SELECT i,
           CASE WHEN i % 2 = 0 THEN 'stellar' ELSE 'hedera' END AS network,
           CASE WHEN i % 3 = 0 THEN 'USDC' WHEN i % 2 = 0 THEN 'XLM' ELSE 'HBAR' END AS asset,
           ((i % 5000) + 1)::text || '.25' AS amount,
           CASE WHEN i % 2 = 0 THEN '0.00001' ELSE '0.0001' END AS fee,
           CASE WHEN i % 2 = 0 THEN 'XLM' ELSE 'HBAR' END AS fee_asset,
           (ARRAY['NG', 'KE', 'GH', 'NG'])[(i / 2) % 4 + 1] AS fc,
           (ARRAY['KE', 'NG', 'NG', 'ZA'])[(i / 2) % 4 + 1] AS tc,
           date_trunc('day', now() - interval '32 days') + (i::double precision * 2592000 / :n) * interval '1 second' AS at
    FROM generate_series(1, :n) AS i
) t
CROSS JOIN LATERAL (
    SELECT * FROM (VALUES
        (1, 'transfer.created', 'pending', interval '0'),
        (2, CASE WHEN t.i % 20 = 0 THEN 'transfer.rejected' ELSE 'transfer.submitted' END,
            CASE WHEN t.i % 20 = 0 THEN 'rejected' ELSE 'submitted' END, interval '20 milliseconds'),
        (3, CASE WHEN t.i % 10 = 5 THEN 'transfer.failed' ELSE 'transfer.completed' END,
            CASE WHEN t.i % 10 = 5 THEN 'failed' ELSE 'completed' END, interval '1 second' + (t.i % 40) * interval '250 milliseconds')
    ) v(k, type, status, off)
    WHERE v.k < 3 OR t.i % 20 <> 0
) e;
ANALYZE rowell_events;
