-- schema: every start-up
-- Wallets opened before rowell_wallet_addresses existed are in no directory, so the inbound sync would never
-- see their deposits. Their addresses are in the account read model (rowell_accounts.view, the AccountView as
-- System.Text.Json writes it: PascalCase names, enums as numbers — Network 0 stellar / 1 hedera, Environment
-- 0 testnet / 1 mainnet). Unlike the other scripts it runs at every start-up (the marker above), not once:
-- idempotent (ON CONFLICT DO NOTHING), and a wallet the wallet grain registered itself is never overwritten.
INSERT INTO rowell_wallet_addresses (network, address, wallet_id, account_id, developer_id, environment)
SELECT CASE w->>'Network' WHEN '0' THEN 'stellar' ELSE 'hedera' END,
       w->>'Address',
       w->>'Id',
       a.id,
       a.developer_id,
       CASE w->>'Environment' WHEN '0' THEN 'testnet' ELSE 'mainnet' END
FROM rowell_accounts a
CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(a.view -> 'Wallets') = 'array' THEN a.view -> 'Wallets' ELSE '[]'::jsonb END) AS w
WHERE coalesce(w->>'Address', '') <> '' AND coalesce(w->>'Id', '') <> ''
  AND w->>'Network' IN ('0', '1') AND w->>'Environment' IN ('0', '1')
ON CONFLICT (network, address) DO NOTHING;
