//! Fake secrets for tests: a seeded generator and, per rule, a format-valid FAKE token in a
//! realistic line plus a near-miss. Nothing here is a real credential; checksummed formats get
//! a correct checksum computed here.

use crate::rules::secrets::checksum::{base62_encode, crc32};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

/// Deterministic generator of fake secrets (splitmix64), so failures reproduce.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(super) fn pick(&mut self, alphabet: &str, n: usize) -> String {
        let a = alphabet.as_bytes();
        (0..n).map(|_| a[(self.next() % a.len() as u64) as usize] as char).collect()
    }
    pub(super) fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

pub(super) const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
pub(super) const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
pub(super) const DIGITS: &str = "0123456789";
pub(super) const HEX: &str = "0123456789abcdef";
pub(super) const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub(super) const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
pub(super) const URLSAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
pub(super) const UPNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
pub(super) const LOWNUM: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

/// A GitHub/npm-style token with a correct CRC32 checksum.
pub(super) fn checksummed(rng: &mut Rng, prefix: &str) -> String {
    let random = rng.pick(ALNUM, 30);
    let check = base62_encode(crc32(random.as_bytes()) as u64, 6);
    format!("{prefix}{random}{check}")
}

/// Flips the last character so the checksum no longer matches.
pub(super) fn corrupt_last(token: &str) -> String {
    let mut t = token.to_string();
    let last = t.pop().unwrap();
    t.push(if last == 'a' { 'b' } else { 'a' });
    t
}

pub(super) fn pem_body(rng: &mut Rng, lines: usize) -> String {
    (0..lines).map(|_| rng.pick(B64, 64)).collect::<Vec<_>>().join("\n")
}

pub(super) fn jwt(rng: &mut Rng) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD
        .encode(format!(r#"{{"sub":"{}","iat":1700000000}}"#, rng.pick(LOWNUM, 12)).as_bytes());
    format!("{header}.{payload}.{}", rng.pick(URLSAFE, 43))
}

/// One rule's case: text holding `secret` that must fire `rule`, and a near-miss that must not.
pub(super) struct Case {
    pub(super) rule: &'static str,
    pub(super) text: String,
    pub(super) secret: String,
    pub(super) near_miss: String,
}

pub(super) fn case(rule: &'static str, text: String, secret: String, near_miss: String) -> Case {
    assert!(text.contains(&secret), "{rule}: the text must hold the secret");
    Case { rule, text, secret, near_miss }
}

/// `KEY=<secret>` with a near-miss `KEY=<near>`.
pub(super) fn assign(rule: &'static str, key: &str, secret: String, near: String) -> Case {
    case(rule, format!("{key}={secret}\n"), secret, format!("{key}={near}\n"))
}

pub(super) fn cases() -> Vec<Case> {
    let r = &mut Rng(0x6b75_6265_6761_7465);
    let mut v = Vec::new();
    let t = format!("AKIA{}", r.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
    v.push(assign("aws-access-key-id", "AWS_ACCESS_KEY_ID", t.clone(), t[..19].to_string()));
    let s = r.pick(B64, 40);
    v.push(case(
        "aws-secret-access-key",
        format!("aws_secret_access_key = {s}\n"),
        s.clone(),
        format!("aws_secret_access_key = {}\n", &s[..39]),
    ));
    v.push(assign(
        "aws-bedrock-api-key",
        "BEDROCK",
        format!("ABSK{}", r.pick(B64, 120)),
        format!("ABSK{}", r.pick(B64, 100)),
    ));
    for (rule, prefix) in [
        ("github-pat", "ghp_"),
        ("github-oauth-token", "gho_"),
        ("github-app-token", "ghs_"),
        ("github-refresh-token", "ghr_"),
        ("npm-access-token", "npm_"),
    ] {
        let t = checksummed(r, prefix);
        v.push(case(rule, format!("token: {t}\n"), t.clone(), format!("token: {}\n", corrupt_last(&t))));
    }
    let t = format!("github_pat_{}_{}", r.pick(ALNUM, 22), r.pick(ALNUM, 59));
    v.push(assign("github-fine-grained-pat", "GH_TOKEN", t.clone(), t[..t.len() - 1].to_string()));
    let t = format!("glpat-{}", r.pick(URLSAFE, 20));
    v.push(assign("gitlab-pat", "GITLAB_TOKEN", t.clone(), t[..25].to_string()));
    let t = format!("glpat-{}.01{}", r.pick(URLSAFE, 40), r.pick(LOWNUM, 7));
    v.push(assign("gitlab-pat-routable", "GITLAB_TOKEN", t.clone(), t[..46].to_string()));
    v.push(assign(
        "gitlab-runner-token",
        "RUNNER",
        format!("glrt-{}", r.pick(ALNUM, 20)),
        format!("glrt-{}", r.pick(ALNUM, 10)),
    ));
    v.push(assign(
        "gitlab-pipeline-trigger-token",
        "TRIGGER",
        format!("glptt-{}", r.pick(HEX, 40)),
        format!("glptt-{}", r.pick(HEX, 39)),
    ));
    v.push(assign(
        "gitlab-deploy-token",
        "DEPLOY",
        format!("gldt-{}", r.pick(ALNUM, 20)),
        format!("gldt-{}", r.pick(ALNUM, 19)),
    ));
    v.push(assign(
        "gitlab-token",
        "FEED",
        format!("glft-{}", r.pick(ALNUM, 20)),
        format!("glft-{}", r.pick(ALNUM, 19)),
    ));
    let t = format!("xoxb-{}-{}-{}", r.pick(DIGITS, 11), r.pick(DIGITS, 12), r.pick(ALNUM, 24));
    v.push(assign("slack-bot-token", "SLACK", t, format!("xoxb-{}-abc", r.pick(DIGITS, 5))));
    let t = format!(
        "xoxp-{}-{}-{}-{}",
        r.pick(DIGITS, 11),
        r.pick(DIGITS, 12),
        r.pick(DIGITS, 12),
        r.pick(HEX, 32)
    );
    v.push(assign(
        "slack-user-token",
        "SLACK",
        t,
        format!("xoxp-{}-{}", r.pick(DIGITS, 11), r.pick(HEX, 32)),
    ));
    let t = format!("xapp-1-A{}-{}-{}", r.pick(UPNUM, 10), r.pick(DIGITS, 13), r.pick(HEX, 64));
    v.push(assign("slack-app-token", "SLACK", t, "xapp-x-y".into()));
    let t = format!(
        "xoxs-{}-{}-{}-{}",
        r.pick(DIGITS, 10),
        r.pick(DIGITS, 10),
        r.pick(DIGITS, 10),
        r.pick(HEX, 20)
    );
    v.push(assign("slack-legacy-token", "SLACK", t, "xoxs-abc".into()));
    let t = format!(
        "https://hooks.slack.com/services/T{}/B{}/{}",
        r.pick(UPNUM, 8),
        r.pick(UPNUM, 8),
        r.pick(ALNUM, 24)
    );
    v.push(assign("slack-webhook-url", "WEBHOOK", t, "https://hooks.slack.com/services/T0".into()));
    v.push(assign(
        "stripe-secret-key",
        "STRIPE",
        format!("sk_live_{}", r.pick(ALNUM, 24)),
        "sk_live_abc".into(),
    ));
    v.push(assign(
        "square-token",
        "SQUARE",
        format!("sq0atp-{}", r.pick(URLSAFE, 22)),
        format!("sq0atp-{}", r.pick(ALNUM, 10)),
    ));
    v.push(assign(
        "shopify-token",
        "SHOPIFY",
        format!("shpat_{}", r.pick(HEX, 32)),
        format!("shpat_{}", r.pick(HEX, 31)),
    ));
    v.push(assign(
        "gcp-api-key",
        "GOOGLE",
        format!("AIza{}", r.pick(URLSAFE, 35)),
        format!("AIza{}", r.pick(URLSAFE, 34)),
    ));
    let key = format!(
        "-----BEGIN PRIVATE KEY-----\\n{}\\n-----END PRIVATE KEY-----\\n",
        pem_body(r, 8).replace('\n', "\\n")
    );
    v.push(case(
        "gcp-service-account-key",
        format!("{{\n  \"type\": \"service_account\",\n  \"private_key_id\": \"{}\",\n  \"private_key\": \"{key}\",\n  \"client_email\": \"svc@proj.iam.gserviceaccount.com\"\n}}\n", r.pick(HEX, 40)),
        key,
        "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n\"}\n".into(),
    ));
    v.push(assign(
        "google-oauth-client-secret",
        "GOOGLE",
        format!("GOCSPX-{}", r.pick(URLSAFE, 28)),
        format!("GOCSPX-{}", r.pick(ALNUM, 20)),
    ));
    v.push(assign(
        "google-oauth-access-token",
        "GOOGLE",
        format!("ya29.{}", r.pick(URLSAFE, 60)),
        format!("ya29.{}", r.pick(ALNUM, 10)),
    ));
    let s = format!("{}==", r.pick(B64, 86));
    v.push(case(
        "azure-storage-account-key",
        format!("AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=kubegate;AccountKey={s};EndpointSuffix=core.windows.net\n"),
        s,
        format!("AccountKey={}==;\n", r.pick(B64, 80)),
    ));
    let s = format!("{}{}Q~{}", r.pick(ALNUM, 3), r.pick(DIGITS, 1), r.pick(ALNUM, 34));
    v.push(case(
        "azure-ad-client-secret",
        format!("clientSecret: \"{s}\"\n"),
        s.clone(),
        format!("clientSecret: \"{}\"\n", s.replace("Q~", "Qx")),
    ));
    let s = format!("{}%3D", r.pick(ALNUM, 43));
    v.push(case(
        "azure-sas-token",
        format!("url: https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2030-01-01T00:00:00Z&spr=https&sig={s}\n"),
        s,
        "url: https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=abc\n".into(),
    ));
    v.push(assign(
        "twilio-api-key",
        "TWILIO_API_KEY",
        format!("SK{}", r.pick(HEX, 32)),
        format!("SK{}", r.pick(HEX, 31)),
    ));
    v.push(assign("twilio-auth-token", "TWILIO_AUTH_TOKEN", r.pick(HEX, 32), r.pick(HEX, 31)));
    let t = format!("SG.{}.{}", r.pick(URLSAFE, 22), r.pick(URLSAFE, 43));
    v.push(assign(
        "sendgrid-api-key",
        "SENDGRID",
        t,
        format!("SG.{}.{}", r.pick(ALNUM, 22), r.pick(ALNUM, 20)),
    ));
    let t = format!("M{}.{}.{}", r.pick(ALNUM, 23), r.pick(URLSAFE, 6), r.pick(URLSAFE, 27));
    v.push(case("discord-bot-token", format!("DISCORD_BOT_TOKEN={t}\n"), t.clone(), format!("BOT_ID={t}\n")));
    let t = format!("https://discord.com/api/webhooks/{}/{}", r.pick(DIGITS, 18), r.pick(URLSAFE, 68));
    v.push(assign("discord-webhook-url", "WEBHOOK", t, "https://discord.com/api/webhooks/123/abc".into()));
    let t = format!("{}:AA{}", r.pick(DIGITS, 9), r.pick(URLSAFE, 33));
    v.push(assign("telegram-bot-token", "TELEGRAM_BOT_TOKEN", t.clone(), t.replace(":AA", ":AB")));
    let g = |r: &mut Rng| {
        format!(
            "{}-{}-{}-{}-{}",
            r.pick(HEX, 8),
            r.pick(HEX, 4),
            r.pick(HEX, 4),
            r.pick(HEX, 4),
            r.pick(HEX, 12)
        )
    };
    let t = format!(
        "https://kubegate.webhook.office.com/webhookb2/{}@{}/IncomingWebhook/{}/{}",
        g(r),
        g(r),
        r.pick(LOWNUM, 32),
        g(r)
    );
    v.push(assign(
        "microsoft-teams-webhook",
        "TEAMS",
        t,
        format!("https://kubegate.webhook.office.com/webhookb2/{}", g(r)),
    ));
    let s = format!("key-{}", r.pick(HEX, 32));
    v.push(case(
        "mailgun-api-key",
        format!("MAILGUN_API_KEY={s}\n"),
        s,
        format!("MAILGUN_API_KEY=key-{}\n", r.pick(HEX, 31)),
    ));
    let s = format!("{}-us12", r.pick(HEX, 32));
    v.push(case(
        "mailchimp-api-key",
        format!("MAILCHIMP_KEY={s}\n"),
        s.clone(),
        format!("MAILCHIMP_KEY={}\n", s.replace("-us", "-eu")),
    ));
    v.push(assign(
        "sendinblue-api-key",
        "BREVO",
        format!("xkeysib-{}-{}", r.pick(HEX, 64), r.pick(ALNUM, 16)),
        format!("xkeysib-{}-{}", r.pick(HEX, 64), r.pick(ALNUM, 15)),
    ));
    v.push(assign(
        "pypi-upload-token",
        "PYPI",
        format!("pypi-AgEIcHlwaS5vcmc{}", r.pick(URLSAFE, 60)),
        format!("pypi-AgEIcHlwaS5vcm{}", r.pick(URLSAFE, 60)),
    ));
    v.push(assign(
        "dockerhub-token",
        "DOCKER",
        format!("dckr_pat_{}", r.pick(URLSAFE, 27)),
        format!("dckr_pat_{}", r.pick(ALNUM, 20)),
    ));
    v.push(assign(
        "rubygems-api-token",
        "GEM",
        format!("rubygems_{}", r.pick(HEX, 48)),
        format!("rubygems_{}", r.pick(HEX, 47)),
    ));
    v.push(assign(
        "clojars-api-token",
        "CLOJARS",
        format!("CLOJARS_{}", r.pick(LOWNUM, 60)),
        format!("CLOJARS_{}", r.pick(LOWNUM, 59)),
    ));
    v.push(assign(
        "artifactory-token",
        "ARTIFACTORY",
        format!("AKCp{}", r.pick(ALNUM, 69)),
        format!("AKCp{}", r.pick(ALNUM, 68)),
    ));
    v.push(assign(
        "openai-api-key",
        "OPENAI",
        format!("sk-{}T3BlbkFJ{}", r.pick(ALNUM, 20), r.pick(ALNUM, 20)),
        format!("sk-{}T3BlbkFJ{}", r.pick(ALNUM, 19), r.pick(ALNUM, 20)),
    ));
    v.push(assign(
        "openai-project-key",
        "OPENAI",
        format!("sk-proj-{}", r.pick(URLSAFE, 120)),
        format!("sk-proj-{}", r.pick(URLSAFE, 50)),
    ));
    let t = format!("sk-ant-api03-{}AA", r.pick(URLSAFE, 93));
    v.push(assign("anthropic-api-key", "ANTHROPIC", t.clone(), format!("{}AB", &t[..t.len() - 2])));
    v.push(assign(
        "huggingface-token",
        "HF",
        format!("hf_{}", r.pick(&format!("{UPPER}{LOWER}"), 34)),
        format!("hf_{}", r.pick(LOWER, 33)),
    ));
    v.push(assign(
        "perplexity-api-key",
        "PPLX",
        format!("pplx-{}", r.pick(ALNUM, 48)),
        format!("pplx-{}", r.pick(ALNUM, 47)),
    ));
    v.push(assign(
        "vault-service-token",
        "VAULT",
        format!("hvs.{}", r.pick(URLSAFE, 95)),
        format!("hvs.{}", r.pick(URLSAFE, 50)),
    ));
    v.push(assign(
        "vault-batch-token",
        "VAULT",
        format!("hvb.{}", r.pick(URLSAFE, 150)),
        format!("hvb.{}", r.pick(URLSAFE, 100)),
    ));
    let s = format!("s.{}", r.pick(ALNUM, 24));
    v.push(case(
        "vault-legacy-token",
        format!("VAULT_TOKEN={s}\n"),
        s,
        format!("VAULT_TOKEN=s.{}\n", r.pick(ALNUM, 23)),
    ));
    let t = format!("{}.atlasv1.{}", r.pick(ALNUM, 14), r.pick(URLSAFE, 65));
    v.push(assign("terraform-cloud-token", "TFE", t.clone(), t.replace("atlasv1", "atlasv2")));
    v.push(assign(
        "pulumi-access-token",
        "PULUMI",
        format!("pul-{}", r.pick(HEX, 40)),
        format!("pul-{}", r.pick(HEX, 39)),
    ));
    v.push(assign(
        "doppler-token",
        "DOPPLER",
        format!("dp.pt.{}", r.pick(ALNUM, 43)),
        format!("dp.xx.{}", r.pick(ALNUM, 43)),
    ));
    let t = format!(
        "A3-{}-{}-{}-{}-{}",
        r.pick(UPNUM, 6),
        r.pick(UPNUM, 11),
        r.pick(UPNUM, 5),
        r.pick(UPNUM, 5),
        r.pick(UPNUM, 5)
    );
    v.push(assign(
        "onepassword-secret-key",
        "OP",
        t,
        format!("A3-{}-{}", r.pick(UPNUM, 6), r.pick(UPNUM, 11)),
    ));
    v.push(assign(
        "onepassword-service-account-token",
        "OP",
        format!("ops_eyJ{}", r.pick(B64, 260)),
        format!("ops_eyJ{}", r.pick(B64, 100)),
    ));
    let bech = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
    v.push(assign(
        "age-secret-key",
        "AGE",
        format!("AGE-SECRET-KEY-1{}", r.pick(bech, 58)),
        format!("AGE-SECRET-KEY-1{}", r.pick(bech, 57)),
    ));
    v.push(assign(
        "digitalocean-token",
        "DO",
        format!("dop_v1_{}", r.pick(HEX, 64)),
        format!("dop_v1_{}", r.pick(HEX, 63)),
    ));
    v.push(assign(
        "databricks-token",
        "DATABRICKS",
        format!("dapi{}", r.pick(HEX, 32)),
        format!("dapi{}", r.pick(HEX, 31)),
    ));
    v.push(assign(
        "dynatrace-api-token",
        "DT",
        format!("dt0c01.{}.{}", r.pick(UPNUM, 24), r.pick(UPNUM, 64)),
        format!("dt0c01.{}.{}", r.pick(UPNUM, 24), r.pick(UPNUM, 63)),
    ));
    v.push(assign(
        "flyio-token",
        "FLY",
        format!("fo1_{}", r.pick(URLSAFE, 43)),
        format!("fo1_{}", r.pick(URLSAFE, 30)),
    ));
    v.push(assign(
        "grafana-token",
        "GRAFANA",
        format!("glsa_{}_{}", r.pick(ALNUM, 32), r.pick(HEX, 8)),
        format!("glsa_{}_{}", r.pick(ALNUM, 32), r.pick(HEX, 7)),
    ));
    v.push(assign(
        "heroku-api-key",
        "HEROKU",
        format!("HRKU-AA{}", r.pick(URLSAFE, 58)),
        format!("HRKU-AA{}", r.pick(URLSAFE, 50)),
    ));
    v.push(assign(
        "cloudflare-origin-ca-key",
        "CF",
        format!("v1.0-{}-{}", r.pick(HEX, 24), r.pick(HEX, 146)),
        format!("v1.0-{}-{}", r.pick(HEX, 24), r.pick(HEX, 145)),
    ));
    v.push(assign("cloudflare-api-token", "CLOUDFLARE_API_TOKEN", r.pick(URLSAFE, 40), r.pick(URLSAFE, 39)));
    v.push(assign("datadog-api-key", "DD_API_KEY", r.pick(HEX, 32), r.pick(HEX, 31)));
    v.push(assign(
        "newrelic-key",
        "NEW_RELIC",
        format!("NRAK-{}", r.pick(UPNUM, 27)),
        format!("NRAK-{}", r.pick(UPNUM, 26)),
    ));
    v.push(assign(
        "sentry-token",
        "SENTRY",
        format!("sntryu_{}", r.pick(HEX, 64)),
        format!("sntryu_{}", r.pick(HEX, 63)),
    ));
    let s = format!("00{}", r.pick(URLSAFE, 40));
    v.push(case(
        "okta-api-token",
        format!("OKTA_API_TOKEN={s}\n"),
        s,
        format!("OKTA_API_TOKEN=01{}\n", r.pick(URLSAFE, 40)),
    ));
    v.push(assign(
        "atlassian-api-token",
        "JIRA",
        format!("ATATT3{}", r.pick(URLSAFE, 186)),
        format!("ATATT3{}", r.pick(URLSAFE, 100)),
    ));
    v.push(assign(
        "buildkite-token",
        "BUILDKITE",
        format!("bkua_{}", r.pick(HEX, 40)),
        format!("bkua_{}", r.pick(HEX, 39)),
    ));
    v.push(assign(
        "sonarqube-token",
        "SONAR",
        format!("sqp_{}", r.pick(HEX, 40)),
        format!("sqp_{}", r.pick(HEX, 39)),
    ));
    v.push(assign(
        "postman-api-token",
        "POSTMAN",
        format!("PMAK-{}-{}", r.pick(HEX, 24), r.pick(HEX, 34)),
        format!("PMAK-{}-{}", r.pick(HEX, 24), r.pick(HEX, 33)),
    ));
    v.push(assign(
        "linear-api-key",
        "LINEAR",
        format!("lin_api_{}", r.pick(ALNUM, 40)),
        format!("lin_api_{}", r.pick(ALNUM, 39)),
    ));
    v.push(assign(
        "notion-api-token",
        "NOTION",
        format!("ntn_{}{}", r.pick(DIGITS, 11), r.pick(ALNUM, 35)),
        format!("ntn_{}{}", r.pick(DIGITS, 11), r.pick(ALNUM, 34)),
    ));
    v.push(assign(
        "planetscale-token",
        "PSCALE",
        format!("pscale_tkn_{}", r.pick(URLSAFE, 43)),
        format!("pscale_tkn_{}", r.pick(ALNUM, 20)),
    ));
    v.push(assign(
        "openshift-user-token",
        "OC",
        format!("sha256~{}", r.pick(URLSAFE, 43)),
        format!("sha256~{}", r.pick(ALNUM, 42)),
    ));
    v.push(assign(
        "alibaba-access-key-id",
        "ALIBABA",
        format!("LTAI{}", r.pick(ALNUM, 20)),
        format!("LTAI{}", r.pick(ALNUM, 19)),
    ));
    v.push(assign(
        "facebook-access-token",
        "FB",
        format!("EAAC{}", r.pick(ALNUM, 120)),
        format!("EAAC{}", r.pick(ALNUM, 50)),
    ));
    v.push(assign(
        "mapbox-secret-token",
        "MAPBOX",
        format!("sk.eyJ{}.{}", r.pick(URLSAFE, 60), r.pick(URLSAFE, 22)),
        format!("sk.eyJ{}", r.pick(URLSAFE, 60)),
    ));
    v.push(assign(
        "misc-prefixed-token",
        "PREFECT",
        format!("pnu_{}", r.pick(ALNUM, 36)),
        format!("pnu_{}", r.pick(ALNUM, 35)),
    ));
    // Provider-named assignments: (rule, variable, value alphabet, value length).
    let lowdash = "abcdefghijklmnopqrstuvwxyz0123456789_-";
    for (rule, key, alphabet, len) in [
        ("adafruit-api-key", "ADAFRUIT_IO_KEY", lowdash, 32),
        ("algolia-api-key", "ALGOLIA_ADMIN_KEY", LOWNUM, 32),
        ("asana-client-secret", "ASANA_SECRET", LOWNUM, 32),
        ("bitbucket-client-secret", "BITBUCKET_SECRET", lowdash, 64),
        ("codecov-access-token", "CODECOV_TOKEN", LOWNUM, 32),
        ("confluent-secret-key", "CONFLUENT_SECRET", LOWNUM, 64),
        ("contentful-api-token", "CONTENTFUL_TOKEN", lowdash, 43),
        ("fastly-api-token", "FASTLY_API_TOKEN", lowdash, 32),
        ("intercom-api-key", "INTERCOM_TOKEN", lowdash, 60),
        ("jfrog-api-key", "JFROG_API_KEY", LOWNUM, 73),
        ("launchdarkly-access-token", "LAUNCHDARKLY_TOKEN", lowdash, 40),
        ("netlify-access-token", "NETLIFY_AUTH_TOKEN", lowdash, 40),
        ("twitch-api-token", "TWITCH_TOKEN", LOWNUM, 30),
        ("zendesk-secret-key", "ZENDESK_TOKEN", LOWNUM, 40),
        ("plaid-secret-key", "PLAID_SECRET", LOWNUM, 30),
        ("sumologic-access-key", "SUMO_ACCESS_KEY", LOWNUM, 64),
        ("travisci-access-token", "TRAVIS_TOKEN", LOWNUM, 22),
        ("rapidapi-access-token", "RAPIDAPI_KEY", lowdash, 50),
        ("mattermost-access-token", "MATTERMOST_TOKEN", LOWNUM, 26),
        ("coinbase-access-token", "COINBASE_TOKEN", lowdash, 64),
        ("droneci-access-token", "DRONECI_TOKEN", LOWNUM, 32),
        ("etsy-access-token", "ETSY_API_KEY", LOWNUM, 24),
        ("facebook-app-secret", "FACEBOOK_APP_SECRET", HEX, 32),
        ("finicity-client-secret", "FINICITY_SECRET", LOWNUM, 20),
        ("finnhub-access-token", "FINNHUB_TOKEN", LOWNUM, 20),
        ("flickr-access-token", "FLICKR_KEY", LOWNUM, 32),
        ("freshbooks-access-token", "FRESHBOOKS_TOKEN", LOWNUM, 64),
        ("gitter-access-token", "GITTER_TOKEN", lowdash, 40),
        ("kraken-access-token", "KRAKEN_SECRET", "abcdefghijklmnopqrstuvwxyz0123456789/+_-", 80),
        ("kucoin-access-token", "KUCOIN_KEY", HEX, 24),
        ("linkedin-client-secret", "LINKEDIN_SECRET", LOWNUM, 16),
        ("looker-client-secret", "LOOKER_SECRET", LOWNUM, 24),
        ("messagebird-api-token", "MESSAGEBIRD_KEY", LOWNUM, 25),
        ("nytimes-access-token", "NYTIMES_KEY", lowdash, 32),
        ("sendbird-access-token", "SENDBIRD_TOKEN", HEX, 40),
        ("cohere-api-token", "COHERE_API_KEY", LOWNUM, 40),
        ("cisco-meraki-api-key", "MERAKI_API_KEY", HEX, 40),
        ("alibaba-secret-key", "ALIBABA_SECRET", LOWNUM, 30),
    ] {
        // Mixed in a digit and a letter so a draw is never single-class.
        let letter = alphabet.chars().find(char::is_ascii_alphabetic).unwrap();
        let value = format!("{}7{letter}", r.pick(alphabet, len - 2));
        let near = format!("{}7{letter}", r.pick(alphabet, len - 3));
        v.push(assign(rule, key, value, near));
    }
    v.push(assign(
        "yandex-api-key",
        "YANDEX_API_KEY",
        format!("AQVN{}", r.pick(URLSAFE, 36)),
        format!("AQVN{}", r.pick(URLSAFE, 30)),
    ));
    v.push(assign(
        "sidekiq-secret",
        "BUNDLE_ENTERPRISE__CONTRIBSYS__COM",
        format!("{}:{}", r.pick(HEX, 8), r.pick(HEX, 8)),
        format!("{}:{}", r.pick(HEX, 8), r.pick(HEX, 7)),
    ));
    let pw = format!("{}9", r.pick(ALNUM, 15));
    v.push(case(
        "nuget-config-password",
        format!("<packageSourceCredentials><feed>\n  <add key=\"Username\" value=\"ci\" />\n  <add key=\"ClearTextPassword\" value=\"{pw}\" />\n</feed></packageSourceCredentials>\n"),
        pw,
        "  <add key=\"ClearTextPassword\" value=\"short\" />\n".into(),
    ));
    v.push(assign(
        "octopus-deploy-api-key",
        "OCTOPUS",
        format!("API-{}", r.pick(UPNUM, 26)),
        format!("API-{}", r.pick(UPNUM, 25)),
    ));
    v.push(assign(
        "clickhouse-cloud-api-secret",
        "CLICKHOUSE",
        format!("4b1d{}", r.pick(ALNUM, 38)),
        format!("4b1d{}", r.pick(ALNUM, 37)),
    ));
    v.push(assign(
        "dropbox-api-token",
        "DROPBOX_TOKEN",
        format!("sl.{}", r.pick(lowdash, 135)),
        format!("sl.{}", r.pick(lowdash, 100)),
    ));
    for (rule, key) in [("snyk-api-token", "SNYK_TOKEN"), ("heroku-legacy-api-key", "HEROKU_API_KEY")] {
        let uuid = g(r);
        v.push(assign(rule, key, uuid.clone(), uuid[..35].to_string()));
    }
    v.push(assign(
        "twitter-bearer-token",
        "TWITTER_BEARER_TOKEN",
        format!("{}{}", "A".repeat(22), r.pick(ALNUM, 90)),
        format!("{}B{}", "A".repeat(21), r.pick(ALNUM, 90)),
    ));
    let t = jwt(r);
    v.push(case(
        "jwt",
        format!("Authorization-Token: {t}\n"),
        t,
        format!("value: eyJ{}.eyJ{}.{}\n", r.pick(ALNUM, 20), r.pick(ALNUM, 20), r.pick(ALNUM, 20)),
    ));
    let key = format!("-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----", pem_body(r, 12));
    v.push(case(
        "private-key",
        format!("# deploy key\n{key}\n"),
        key,
        "-----BEGIN RSA PRIVATE KEY-----\n<your key here>\n-----END RSA PRIVATE KEY-----\n".into(),
    ));
    let encoded = STANDARD.encode(format!(
        "-----BEGIN EC PRIVATE KEY-----\n{}\n-----END EC PRIVATE KEY-----\n",
        pem_body(r, 3)
    ));
    let cert = STANDARD
        .encode(format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", pem_body(r, 3)));
    v.push(case(
        "private-key-base64",
        format!("  tls.key: {encoded}\n"),
        encoded,
        format!("  tls.crt: {cert}\n"),
    ));
    let pw = format!("{}{}", r.pick(ALNUM, 14), r.pick(DIGITS, 2));
    v.push(case(
        "url-credentials",
        format!("DATABASE_URL=postgres://app:{pw}@db.internal:5432/app\n"),
        pw,
        "DATABASE_URL=postgres://app:${DB_PASSWORD}@db.internal:5432/app\n".into(),
    ));
    let t = r.pick(ALNUM, 40);
    v.push(case(
        "http-bearer-token",
        format!("curl -H \"Authorization: Bearer {t}\" https://api.internal/\n"),
        t,
        "curl -H \"Authorization: Bearer ${TOKEN}\" https://api.internal/\n".into(),
    ));
    v.push(case(
        "generic-secret",
        "DB_PASSWORD=\"Tr0ub4dor&3xKq9ZpL\"\n".into(),
        "Tr0ub4dor&3xKq9ZpL".into(),
        "DB_PASSWORD=\"changeme\"\n".into(),
    ));
    let s = r.pick(ALNUM, 32);
    v.push(case(
        "generic-secret",
        format!("oidc:\n  client_secret: {s}\n"),
        s,
        "oidc:\n  client_secret: my-oidc-client-secret\n".into(),
    ));
    // Formats added for gitleaks 8.30 parity (docs/secrets-coverage.md).
    v.push(assign(
        "square-token",
        "SQUARE_ACCESS_TOKEN",
        format!("EAAA{}", r.pick(URLSAFE, 60)),
        format!("EAAA{}", r.pick(URLSAFE, 40)),
    ));
    let t = format!(
        "sc_{}.{}.acc_{}.{}",
        r.pick(LOWNUM, 22),
        r.pick(LOWNUM, 5),
        r.pick(LOWNUM, 24),
        r.pick(B64, 80)
    );
    v.push(assign(
        "authress-service-client-access-key",
        "AUTHRESS_KEY",
        t,
        format!("sc_{}.acc", r.pick(LOWNUM, 22)),
    ));
    v.push(assign(
        "aws-bedrock-short-term-api-key",
        "AWS_BEARER_TOKEN_BEDROCK",
        format!("bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t{}", r.pick(ALNUM, 200)),
        format!("bedrock-api-key-{}", r.pick(ALNUM, 40)),
    ));
    v.push(assign(
        "beamer-api-token",
        "BEAMER_API_KEY",
        format!("b_{}", r.pick(URLSAFE, 44)),
        format!("b_{}", r.pick(URLSAFE, 43)),
    ));
    v.push(assign(
        "defined-networking-api-token",
        "DN_API_KEY",
        format!("dnkey-{}-{}", r.pick(UPNUM, 26), r.pick(UPNUM, 52)),
        format!("dnkey-{}-{}", r.pick(UPNUM, 26), r.pick(UPNUM, 40)),
    ));
    v.push(assign(
        "dropbox-long-lived-api-token",
        "DROPBOX_TOKEN",
        format!("{}AAAAAAAAAA{}", r.pick(ALNUM, 11), r.pick(URLSAFE, 43)),
        format!("{}AAAAAAAAA{}", r.pick(ALNUM, 11), r.pick(URLSAFE, 43)),
    ));
    let t = format!("{}|{}", r.pick(DIGITS, 15), r.pick(URLSAFE, 27));
    v.push(case(
        "facebook-app-access-token",
        format!("FACEBOOK_ACCESS_TOKEN={t}\n"),
        t.clone(),
        format!("APP_ACCESS_TOKEN={t}\n"),
    ));
    v.push(assign(
        "flutterwave-encryption-key",
        "FLW_ENCRYPTION_KEY",
        format!("FLWSECK_TEST{}", r.pick("abcdef0123456789", 12)),
        format!("FLWSECK_TEST{}", r.pick("abcdef0123456789", 11)),
    ));
    let s = r.pick(LOWNUM, 32);
    v.push(case(
        "gitlab-session-cookie",
        format!("curl -H 'Cookie: _gitlab_session={s}' https://gitlab.internal/api/v4/projects\n"),
        s,
        format!("Cookie: _gitlab_session={}\n", r.pick(LOWNUM, 31)),
    ));
    v.push(assign(
        "gocardless-api-token",
        "GOCARDLESS_ACCESS_TOKEN",
        format!("live_{}", r.pick(URLSAFE, 40)),
        format!("live_{}", r.pick(URLSAFE, 30)),
    ));
    let uuid = |r: &mut Rng| {
        format!(
            "{}-{}-4{}-a{}-{}",
            r.pick(HEX, 8),
            r.pick(HEX, 4),
            r.pick(HEX, 3),
            r.pick(HEX, 3),
            r.pick(HEX, 12)
        )
    };
    let u = uuid(r);
    v.push(assign("hubspot-api-key", "HUBSPOT_API_KEY", u.clone(), format!("HUBSPOT_PORTAL={}", &u[..8])));
    v.push(assign(
        "intra42-client-secret",
        "INTRA_CLIENT_SECRET",
        format!("s-s4t2ud-{}", r.pick(HEX, 64)),
        format!("s-s4t2ud-{}", r.pick(HEX, 63)),
    ));
    let jwt_b64 = STANDARD.encode(jwt(r));
    v.push(assign("jwt-base64", "SESSION", jwt_b64, STANDARD.encode(format!("eyJ{}", r.pick(ALNUM, 60)))));
    let u = uuid(r);
    v.push(assign("kucoin-secret-key", "KUCOIN_API_SECRET", u.clone(), u[..35].to_string()));
    v.push(assign("linear-client-secret", "LINEAR_CLIENT_SECRET", r.pick(HEX, 32), r.pick(HEX, 31)));
    v.push(assign(
        "lob-api-key",
        "LOB_API_KEY",
        format!("live_{}", r.pick(HEX, 35)),
        format!("live_{}", r.pick(HEX, 34)),
    ));
    v.push(assign(
        "mailgun-signing-key",
        "MAILGUN_SIGNING_KEY",
        format!("{}-{}-{}", r.pick(HEX, 32), r.pick(HEX, 8), r.pick(HEX, 8)),
        format!("{}-{}", r.pick(HEX, 32), r.pick(HEX, 8)),
    ));
    let u = uuid(r);
    v.push(assign(
        "plaid-access-token",
        "PLAID_ACCESS_TOKEN",
        format!("access-sandbox-{u}"),
        format!("access-staging-{u}"),
    ));
    v.push(assign("sentry-access-token", "SENTRY_AUTH_TOKEN", r.pick(HEX, 64), r.pick(HEX, 63)));
    v.push(assign(
        "settlemint-access-token",
        "SETTLEMINT_TOKEN",
        format!("sm_pat_{}", r.pick(ALNUM, 16)),
        format!("sm_pat_{}", r.pick(ALNUM, 15)),
    ));
    v.push(assign(
        "slack-config-token",
        "SLACK_CONFIG_REFRESH_TOKEN",
        format!("xoxe-1-{}", r.pick(UPNUM, 146)),
        format!("xoxe-1-{}", r.pick(UPNUM, 100)),
    ));
    v.push(assign(
        "sourcegraph-access-token",
        "SRC_ACCESS_TOKEN",
        format!("sgp_{}_{}", r.pick(HEX, 16), r.pick(HEX, 40)),
        format!("sgp_{}", r.pick(HEX, 39)),
    ));
    let u = uuid(r);
    v.push(assign("squarespace-access-token", "SQUARESPACE_API_KEY", u.clone(), u.replace('-', "")));
    v.push(assign(
        "yandex-iam-token",
        "YANDEX_IAM_TOKEN",
        format!("t1.{}.{}", r.pick(ALNUM, 40), r.pick(URLSAFE, 86)),
        format!("t1.{}.{}", r.pick(ALNUM, 40), r.pick(URLSAFE, 50)),
    ));
    v.push(assign(
        "yandex-static-access-key",
        "YANDEX_ACCESS_KEY",
        format!("YC{}", r.pick(URLSAFE, 38)),
        format!("YC{}", r.pick(URLSAFE, 30)),
    ));
    let pw = format!("{}{}", r.pick(ALNUM, 12), r.pick(DIGITS, 2));
    v.push(case(
        "curl-basic-auth",
        format!("curl -fsS -u \"deploy:{pw}\" https://nexus.internal/repository/raw/\n"),
        pw,
        "curl -fsS -u \"deploy:$NEXUS_PASSWORD\" https://nexus.internal/repository/raw/\n".into(),
    ));
    v.push(assign("finicity-api-token", "FINICITY_APP_KEY", r.pick(HEX, 32), r.pick(HEX, 31)));
    v
}
