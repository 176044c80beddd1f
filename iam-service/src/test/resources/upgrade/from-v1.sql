-- IAM's rows as its first release (schema V1) wrote them: an organisation with its owner (a PBKDF2 password hash,
-- the only kind then), a project with a USD ledger, an API key of that ledger and an OAuth client of the project
-- (both stored as HMAC-SHA256 under the test laas.iam.api-key-secret), and the signing key in use (AES-256-GCM under
-- the test laas.iam.signing-key-secret, the key id as associated data). The clear values, for the test:
--   password:      correct horse battery staple
--   API key:       sk_live_V1upgradeKey0123456789abcdefghijklmnop
--   client secret: v1-upgrade-client-secret-0123456789 (client_id acme-backend)
--   signing key:   TPwb1w4PXf8bkQgfZYr1d1n-Nik49YMt_azf_XH4MJw

INSERT INTO organizations (id, name, created_at) VALUES ('7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d01', 'Acme', '2026-11-21T09:00:00Z');

INSERT INTO users (id, email, password_hash, created_at) VALUES
  ('7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d02', 'alice@acme.test', 'pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4=', '2026-11-21T09:00:00Z');

INSERT INTO org_users (id, organization_id, user_id, role, created_at) VALUES
  ('7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d03', '7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d01', '7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d02', 'owner', '2026-11-21T09:00:00Z');

INSERT INTO projects (id, organization_id, name, code, created_at) VALUES
  ('7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d04', '7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d01', 'Shop', 'shop', '2026-11-21T09:01:00Z');

INSERT INTO ledgers (id, project_id, name, code, currency, created_at) VALUES
  ('7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d05', '7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d04', 'Main ledger', 'main', 'USD', '2026-11-21T09:02:00Z');

INSERT INTO api_keys (id, ledger_id, key_hash, prefix, description, scopes, created_at) VALUES
  ('7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d06', '7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d05', 'GsvwbusIacQ5xUxbF22tf2lLYywsd8cqwPIXdg8hVps=', 'sk_live_V1up', 'Checkout backend',
   '{ledger:read,ledger:write}', '2026-11-21T09:03:00Z');

INSERT INTO oauth_clients (id, client_id, secret_hash, name, org_id, project_id, scopes, ledger_ids, created_at) VALUES
  ('7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d07', 'acme-backend', 'hBSOxcv8I1GJnDYcqRpCEtYrsJ+QW8zB3utxiAEQstM=', 'Acme backend', '7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d01', '7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d04',
   '{ledger:read}', '{7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d05}', '2026-11-21T09:04:00Z');

-- created an hour before the upgrade: well inside laas.iam.signing-keys.rotate-after, so it still signs after it
INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key_enc, status, created_at) VALUES
  ('TPwb1w4PXf8bkQgfZYr1d1n-Nik49YMt_azf_XH4MJw', 'RS256', '{"kty":"RSA","use":"sig","alg":"RS256","kid":"TPwb1w4PXf8bkQgfZYr1d1n-Nik49YMt_azf_XH4MJw","n":"0AjJgxHByD5c5hhy8iIOr8w1zRAIPH36yTNVwT9_O3BXr6q7eoaz-RWQz4T2Qb_P9rY8PbH5FpiH6Pexlo7qHI66rYNlwBEUHX-yBheVbL3lL-spOn-flV0KyPWfZY4YXfPMrvE4X7Xs5_5pVzn9fCSb_OTY1HO1jrw7LlPVPlNoZUG0HKj7yfOZzLPq4lNJE2AfxGtg-i-FlZ-LTgsEv1_l5dXAsvJShBnoQKa6HdAJUHgNEiyG03SO4lkQPgJjcXRoJ9vPpldHH-InC9xhDZJzWrP8f-vC08NxHjkbUS3OelWlK3UJdwTEUbEsNtOztWRVaIuW_SuB-JEKRsv3aQ","e":"AQAB"}',
   decode('e42b998ff4f0f93d175afc53f2cba051057f4b7baa4385712b89d9d7382c2eed3280fbe27aa50311d36262b354ff10438c491a50e760f5a64473bca0ef53a3b73e98af74f97bc88cf39e22a9b51c2f4ba1888c399d52469366adb405ba3d23cd1a451dcf82ee7ddc35e08a17ba6f9738801877d395ccc6cb312720b3e9798dc5cccff88de33e39f7f65c26bfd2a1993adfa93f1003787896edee0d3caa6b3fb9e47e9a53f8b2303d01fdbe64f760866fe0f4322ba2d999fc150c01b6537b39c8a3e46312c9abc0e4f01703b9443d72f78ba06c2e0e5ddb44a184fe4ad0b929de6d349b4b63a2748faa62364b3d81f8601ad3550fb2f95e7aa4d5e2c78d6186aa9d2496feeb606411ee65997e1a2349675a9c383c62f698ee12d937e706342baf36de5f4d57465df8bd418f234692e1b23ec527a0d4511f712ae087821dc633c7b6d82cf403da6d274b037a0030821c803fe528a7b3879df0da76678ea5cae010ec4bc7a3e03091e7fb97b2b51f2d38364c1b101eefc6a16fb84299e62a1d548237236f856615e4b72850986f997290859a188c4d4d509718f138f55eb924fabf18a5f0bdb0216a0b85f70f417032509cbd99e12ff0aa126771a33bae16c2fe0a3824e86422b4c700f8ab1f90b9192136456c4c91a0d2976a5d68eed81d90431096fee5b032f7fcdd5ae77e61bb89854a9fc568c837d4508712ff687384c1683edf463e97abbb63106cc4a4d06255c62de1025afbf8b044668fbb214d257e74f6663b8ffdc38252ace9c0fc3a486ea276dce2f61af635cce77ee8a11d73d3a398bd41e11750018ce5b920c5d4a17bc004da6832baa6c97313e268d55c7848d54c753d04d996f4e39d3816b1f0dd7da0ba4941d799435259783dc645ddb0d24edae562bb739c92a9257ec39da28e59cab9d3cfc09881a8c09bb377739a1679cb21b0368081b7f6e314b5b52b6a0a6a3a150c224732784bf34999dceca6bc97ebe11a194bb1f07e3818a290f0fc07740e6526906b5c078c8e6b62e9f939c84e027b51ae51276d85818e2fd12454c751f3efd9e248c73ddec0ccc2622b489da6360d6741942ce734bc45d953e7ee944c9667cb88926966abe0dfece0e4b86b900de19d2389374962a3e9994de2bc28b460c1120769ccce069403321f64d11cc65e61a8af5b58056c32b4dfd4b1130f0ad48edf789858503830b0d55bad720926e12def41c4722818132e3266b21a3894bd71fc7292f7a1c608a768add1bb2cd34f0dfd11d1a2d3f034cd1122df173b356dc6a7b9e167499d9578d80369d6dd169176396d0e9687be1c4ec9ceb63defd34968d2eaf3e10cba2724ccd375cf28e72140620f650bdb7dcba39bb98a1c8cf15e2e5d45a9f65e7f68cf3f547f50694bc6f618c3cfeabee2bf51685e290eb00ed5e7fd5ba6d44c9327d6d1e743a6e6d0962ba149fcc0444547a67f081fffbbd62fe68f21684bd6777f3d3e1585cdb70ae7acffc5d762b4aa2a6f2349c73c7621a738f63b3f0734b06a8e449120a6f8d0c390248f5335a997dbd0da55b789b9db59ad7f443c51da95a3cb2b33c3e542014bebe09ae99e82cc4ccedbffb2f2d9f03ebd4f1d62aadb362a31ef0ddf2cbde59a805ea8dbf49324085ca417ce6ff5e58b889f6a83114b97b3889c4d10c454844dee71b544d23753c8f5393c07b56e4b7f531308dff24e25f8272c07d75d8d8780cbd168ae1563a30c0a5c01a39d085b21113f06c8a54777af0e8328a6e775', 'hex'), 'active', now() - interval '1 hour');
