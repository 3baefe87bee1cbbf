//! Tests of the secret engine: per rule a generated, format-valid FAKE token that must fire and
//! a near-miss that must not; checksum, entropy, filter and redaction properties; and hard
//! negatives taken from real GitOps repositories (copied under `testdata/secrets/`).

use super::checksum::{base62_crc32_valid, base62_encode, crc32};
use super::entropy::{Alphabet, random_entropy_moments, random_threshold, shannon};
use super::*;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

/// Deterministic generator of fake secrets (splitmix64), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick(&mut self, alphabet: &str, n: usize) -> String {
        let a = alphabet.as_bytes();
        (0..n)
            .map(|_| a[(self.next() % a.len() as u64) as usize] as char)
            .collect()
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const DIGITS: &str = "0123456789";
const HEX: &str = "0123456789abcdef";
const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URLSAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const UPNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LOWNUM: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

/// A GitHub/npm-style token with a correct CRC32 checksum.
fn checksummed(rng: &mut Rng, prefix: &str) -> String {
    let random = rng.pick(ALNUM, 30);
    let check = base62_encode(crc32(random.as_bytes()) as u64, 6);
    format!("{prefix}{random}{check}")
}

/// Flips the last character so the checksum no longer matches.
fn corrupt_last(token: &str) -> String {
    let mut t = token.to_string();
    let last = t.pop().unwrap();
    t.push(if last == 'a' { 'b' } else { 'a' });
    t
}

fn pem_body(rng: &mut Rng, lines: usize) -> String {
    (0..lines)
        .map(|_| rng.pick(B64, 64))
        .collect::<Vec<_>>()
        .join("\n")
}

fn jwt(rng: &mut Rng) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD
        .encode(format!(r#"{{"sub":"{}","iat":1700000000}}"#, rng.pick(LOWNUM, 12)).as_bytes());
    format!("{header}.{payload}.{}", rng.pick(URLSAFE, 43))
}

/// One rule's case: text holding `secret` that must fire `rule`, and a near-miss that must not.
struct Case {
    rule: &'static str,
    text: String,
    secret: String,
    near_miss: String,
}

fn case(rule: &'static str, text: String, secret: String, near_miss: String) -> Case {
    assert!(
        text.contains(&secret),
        "{rule}: the text must hold the secret"
    );
    Case {
        rule,
        text,
        secret,
        near_miss,
    }
}

/// `KEY=<secret>` with a near-miss `KEY=<near>`.
fn assign(rule: &'static str, key: &str, secret: String, near: String) -> Case {
    case(
        rule,
        format!("{key}={secret}\n"),
        secret,
        format!("{key}={near}\n"),
    )
}

fn cases() -> Vec<Case> {
    let r = &mut Rng(0x6b75_6265_6761_7465);
    let mut v = Vec::new();
    let t = format!("AKIA{}", r.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
    v.push(assign(
        "aws-access-key-id",
        "AWS_ACCESS_KEY_ID",
        t.clone(),
        t[..19].to_string(),
    ));
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
        v.push(case(
            rule,
            format!("token: {t}\n"),
            t.clone(),
            format!("token: {}\n", corrupt_last(&t)),
        ));
    }
    let t = format!("github_pat_{}_{}", r.pick(ALNUM, 22), r.pick(ALNUM, 59));
    v.push(assign(
        "github-fine-grained-pat",
        "GH_TOKEN",
        t.clone(),
        t[..t.len() - 1].to_string(),
    ));
    let t = format!("glpat-{}", r.pick(URLSAFE, 20));
    v.push(assign(
        "gitlab-pat",
        "GITLAB_TOKEN",
        t.clone(),
        t[..25].to_string(),
    ));
    let t = format!("glpat-{}.01{}", r.pick(URLSAFE, 40), r.pick(LOWNUM, 7));
    v.push(assign(
        "gitlab-pat-routable",
        "GITLAB_TOKEN",
        t.clone(),
        t[..46].to_string(),
    ));
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
    let t = format!(
        "xoxb-{}-{}-{}",
        r.pick(DIGITS, 11),
        r.pick(DIGITS, 12),
        r.pick(ALNUM, 24)
    );
    v.push(assign(
        "slack-bot-token",
        "SLACK",
        t,
        format!("xoxb-{}-abc", r.pick(DIGITS, 5)),
    ));
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
    let t = format!(
        "xapp-1-A{}-{}-{}",
        r.pick(UPNUM, 10),
        r.pick(DIGITS, 13),
        r.pick(HEX, 64)
    );
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
    v.push(assign(
        "slack-webhook-url",
        "WEBHOOK",
        t,
        "https://hooks.slack.com/services/T0".into(),
    ));
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
    let s = format!(
        "{}{}Q~{}",
        r.pick(ALNUM, 3),
        r.pick(DIGITS, 1),
        r.pick(ALNUM, 34)
    );
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
    v.push(assign(
        "twilio-auth-token",
        "TWILIO_AUTH_TOKEN",
        r.pick(HEX, 32),
        r.pick(HEX, 31),
    ));
    let t = format!("SG.{}.{}", r.pick(URLSAFE, 22), r.pick(URLSAFE, 43));
    v.push(assign(
        "sendgrid-api-key",
        "SENDGRID",
        t,
        format!("SG.{}.{}", r.pick(ALNUM, 22), r.pick(ALNUM, 20)),
    ));
    let t = format!(
        "M{}.{}.{}",
        r.pick(ALNUM, 23),
        r.pick(URLSAFE, 6),
        r.pick(URLSAFE, 27)
    );
    v.push(case(
        "discord-bot-token",
        format!("DISCORD_BOT_TOKEN={t}\n"),
        t.clone(),
        format!("BOT_ID={t}\n"),
    ));
    let t = format!(
        "https://discord.com/api/webhooks/{}/{}",
        r.pick(DIGITS, 18),
        r.pick(URLSAFE, 68)
    );
    v.push(assign(
        "discord-webhook-url",
        "WEBHOOK",
        t,
        "https://discord.com/api/webhooks/123/abc".into(),
    ));
    let t = format!("{}:AA{}", r.pick(DIGITS, 9), r.pick(URLSAFE, 33));
    v.push(assign(
        "telegram-bot-token",
        "TELEGRAM_BOT_TOKEN",
        t.clone(),
        t.replace(":AA", ":AB"),
    ));
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
    v.push(assign(
        "anthropic-api-key",
        "ANTHROPIC",
        t.clone(),
        format!("{}AB", &t[..t.len() - 2]),
    ));
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
    v.push(assign(
        "terraform-cloud-token",
        "TFE",
        t.clone(),
        t.replace("atlasv1", "atlasv2"),
    ));
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
    v.push(assign(
        "cloudflare-api-token",
        "CLOUDFLARE_API_TOKEN",
        r.pick(URLSAFE, 40),
        r.pick(URLSAFE, 39),
    ));
    v.push(assign(
        "datadog-api-key",
        "DD_API_KEY",
        r.pick(HEX, 32),
        r.pick(HEX, 31),
    ));
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
    let t = jwt(r);
    v.push(case(
        "jwt",
        format!("Authorization-Token: {t}\n"),
        t,
        format!(
            "value: eyJ{}.eyJ{}.{}\n",
            r.pick(ALNUM, 20),
            r.pick(ALNUM, 20),
            r.pick(ALNUM, 20)
        ),
    ));
    let key = format!(
        "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----",
        pem_body(r, 12)
    );
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
    let cert = STANDARD.encode(format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        pem_body(r, 3)
    ));
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
    v
}

fn rule_spans(text: &str, rule_name: &str) -> Vec<String> {
    scan_text(text)
        .into_iter()
        .filter(|m| m.rule.name == rule_name)
        .map(|m| text[m.span].to_string())
        .collect()
}

#[test]
fn every_rule_fires_on_its_fake_token_with_the_exact_span() {
    let mut failures = Vec::new();
    for c in cases() {
        let spans = rule_spans(&c.text, c.rule);
        if spans != [c.secret.clone()] {
            let found: Vec<_> = scan_text(&c.text)
                .iter()
                .map(|m| format!("{} {}", m.rule.name, m.redacted))
                .collect();
            failures.push(format!(
                "{}: expected one match, got {:?} (all: {found:?})",
                c.rule,
                spans.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_rule_fires_on_its_near_miss() {
    let mut failures = Vec::new();
    for c in cases() {
        let spans = rule_spans(&c.near_miss, c.rule);
        if !spans.is_empty() {
            failures.push(format!(
                "{}: fired on near-miss {:?}",
                c.rule,
                c.near_miss.trim()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_test_case() {
    let cases = cases();
    let missing: Vec<_> = RULES
        .iter()
        .filter(|r| !cases.iter().any(|c| c.rule == r.name))
        .map(|r| r.name)
        .collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
}

#[test]
fn rule_table_metadata_is_complete_and_unique() {
    let mut ids = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    for (i, r) in RULES.iter().enumerate() {
        assert_eq!(r.id, format!("SEC{:03}", i + 1), "ids are sequential");
        assert!(
            ids.insert(r.id) && names.insert(r.name),
            "{} duplicated",
            r.id
        );
        assert!(
            r.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{} name is kebab-case",
            r.id
        );
        assert!(
            ["critical", "high", "medium", "low"].contains(&r.severity),
            "{}",
            r.id
        );
        assert!(!r.title.is_empty() && r.description.len() > 20, "{}", r.id);
        assert!(!r.keywords.is_empty(), "{}", r.id);
        for k in r.keywords {
            assert_eq!(
                *k,
                k.to_ascii_lowercase(),
                "{} keyword {k} is lower-case",
                r.id
            );
        }
        // Compiles, and its secret group exists.
        if r.regex_source().is_some() {
            let re = engine::regex_for(i);
            assert!(r.secret_group < re.captures_len(), "{} secret group", r.id);
        }
    }
    assert!(rule("SEC004").is_some_and(|r| r.name == "github-pat"));
    assert!(rule("generic-secret").is_some());
}

#[test]
fn github_checksum_accepts_valid_and_rejects_corrupted_tokens() {
    let r = &mut Rng(42);
    for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"] {
        for _ in 0..50 {
            let t = checksummed(r, prefix);
            assert!(base62_crc32_valid(&t), "{t}");
            assert!(!base62_crc32_valid(&corrupt_last(&t)));
        }
    }
    // A random body with a random "checksum" essentially never validates.
    let random_valid = (0..2000)
        .filter(|_| base62_crc32_valid(&format!("ghp_{}", r.pick(ALNUM, 36))))
        .count();
    assert_eq!(random_valid, 0);
    // Known CRC32 (IEEE) values.
    assert_eq!(crc32(b""), 0);
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(base62_encode(61, 6), "00000z");
}

#[test]
fn corrupted_github_token_is_not_reported() {
    let r = &mut Rng(7);
    let good = checksummed(r, "ghp_");
    let bad = corrupt_last(&good);
    assert_eq!(
        rule_spans(&format!("GITHUB_TOKEN={good}"), "github-pat"),
        [good]
    );
    assert!(
        scan_text(&format!("GITHUB_TOKEN={bad}"))
            .iter()
            .all(|m| m.rule.name != "github-pat")
    );
}

#[test]
fn shannon_entropy_of_known_strings() {
    assert_eq!(shannon(""), 0.0);
    assert_eq!(shannon("aaaa"), 0.0);
    assert!((shannon("ab") - 1.0).abs() < 1e-12);
    assert!((shannon("abcd") - 2.0).abs() < 1e-12);
    assert!((shannon("0123456789abcdef") - 4.0).abs() < 1e-12);
}

#[test]
fn alphabet_detection() {
    assert_eq!(Alphabet::of("0123456789"), Alphabet::Digits);
    assert_eq!(Alphabet::of("deadbeef01"), Alphabet::Hex);
    assert_eq!(Alphabet::of("DEADBEEF01"), Alphabet::Hex);
    assert_eq!(Alphabet::of("DeadBeef01"), Alphabet::Base62);
    assert_eq!(Alphabet::of("ab+/cd=="), Alphabet::Base64);
    assert_eq!(Alphabet::of("Tr0ub4dor&3"), Alphabet::Printable);
}

#[test]
fn length_aware_threshold_matches_simulated_first_percentile() {
    // 1st percentiles of simulated random strings (research notes, secrets.md §5.4).
    let reference = [
        (Alphabet::Hex, 12, 2.36),
        (Alphabet::Hex, 32, 3.25),
        (Alphabet::Hex, 64, 3.62),
        (Alphabet::Base62, 16, 3.33),
        (Alphabet::Base62, 32, 4.20),
        (Alphabet::Base64, 24, 3.89),
        (Alphabet::Base64, 32, 4.23),
        (Alphabet::Base64, 64, 4.93),
    ];
    for (alphabet, len, p1) in reference {
        let t = random_threshold(len, alphabet);
        assert!(
            (t - p1).abs() < 0.12,
            "{alphabet:?} len {len}: threshold {t:.3}, reference p1 {p1}"
        );
    }
    let (mean, _) = random_entropy_moments(32, 64);
    assert!(
        (mean - 4.56).abs() < 0.05,
        "mean entropy of 32 base64 chars {mean}"
    );
}

#[test]
fn length_aware_threshold_keeps_random_secrets_that_a_fixed_one_drops() {
    let r = &mut Rng(1);
    for (alphabet, chars) in [
        (Alphabet::Hex, HEX),
        (Alphabet::Base62, ALNUM),
        (Alphabet::Base64, B64),
    ] {
        for len in [12, 16, 20, 24, 32, 40, 64] {
            let samples: Vec<String> = (0..1000).map(|_| r.pick(chars, len)).collect();
            let rejected = samples
                .iter()
                .filter(|s| shannon(s) < random_threshold(len, alphabet))
                .count();
            assert!(
                rejected <= 30,
                "{alphabet:?} len {len}: {rejected}/1000 random strings rejected"
            );
        }
    }
    let fixed_rejects = |r: &mut Rng, len| {
        (0..1000)
            .filter(|_| shannon(&r.pick(B64, len)) < 4.5)
            .count()
    };
    let (at24, at32) = (fixed_rejects(r, 24), fixed_rejects(r, 32));
    assert!(
        at24 > 900,
        "a fixed 4.5 drops nearly all 24-char base64 secrets ({at24}/1000)"
    );
    assert!(
        at32 > 200,
        "a fixed 4.5 drops many 32-char base64 secrets ({at32}/1000)"
    );
    // Human-made and repetitive strings stay below.
    for s in [
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "abcabcabcabcabcabcabcabcabcabc12",
        "my-oidc-client-secret",
    ] {
        assert!(!entropy::looks_random(s), "{s}");
    }
}

#[test]
fn generic_key_classification() {
    use KeyKind::{Password, Token};
    for (key, kind) in [
        ("password", Some(Password)),
        ("DB_PASSWORD", Some(Password)),
        ("adminPassword", Some(Password)),
        ("rootpassword", Some(Password)),
        ("MYSQL_ROOT_PASS", Some(Password)),
        ("client_secret", Some(Token)),
        ("clientSecret", Some(Token)),
        ("api_key", Some(Token)),
        ("apiKey", Some(Token)),
        ("AWS_SECRET_ACCESS_KEY", Some(Token)),
        ("secretKey", Some(Token)),
        ("auth_token", Some(Token)),
        ("GITHUB_TOKEN", Some(Token)),
        ("secretName", None),
        ("existingSecret", None),
        ("existingSecretPasswordKey", None),
        ("passwordKey", None),
        ("secretKeyRef", None),
        ("tokenPath", None),
        ("passwordFile", None),
        ("DB_PASSWORD_FILE", None),
        ("apiKeyHeader", None),
        ("token_ttl", None),
        ("aws_access_key_id", None),
        ("author", None),
        ("passthrough", None),
        ("publicKey", None),
        ("name", None),
    ] {
        assert_eq!(key_kind(key), kind, "{key}");
    }
}

#[test]
fn value_classes() {
    use ValueClass::*;
    for (value, class) in [
        ("", Empty),
        ("{{ .Values.db.password }}", Template),
        ("${DB_PASSWORD}", Template),
        ("$(DB_PASSWORD)", Template),
        ("$DB_PASSWORD", Template),
        ("op://vault/item/password", Reference),
        ("<path:secret/data/db#password>", Reference),
        (
            "ENC[AES256_GCM,data:Oyy3hujb,iv:LFyy,tag:Qqf7,type:str]",
            Encrypted,
        ),
        ("-----BEGIN CERTIFICATE-----\nMIIB", Public),
        ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA user@host", Public),
        ("123e4567-e89b-12d3-a456-426614174000", Identifier),
        ("9fceb02d0ae598e95dc970b74767f19372d61af8", Identifier),
        (
            "sha256:fc442e77200e1914dd46fe26490dcf62f44caa51db673c2f8e67d5319cd4c163",
            Identifier,
        ),
        ("changeme", Placeholder),
        ("CHANGEME", Placeholder),
        ("example", Placeholder),
        ("xxx", Placeholder),
        ("xxxxxxxxxxxx", Placeholder),
        ("<redacted>", Placeholder),
        ("your-token-here", Placeholder),
        ("password", Placeholder),
        ("dummy", Placeholder),
        ("test", Placeholder),
        ("***", Placeholder),
        ("123456", Placeholder),
        ("Tr0ub4dor&3xKq9ZpL", Literal),
        ("hunter2hunter2", Literal),
    ] {
        assert_eq!(classify_value(value), class, "{value:?}");
    }
}

/// Each "never flag" class, in the syntaxes where it shows up.
#[test]
fn never_flag_classes() {
    let digest = "fc442e77200e1914dd46fe26490dcf62f44caa51db673c2f8e67d5319cd4c163";
    let texts = [
        "password: ENC[AES256_GCM,data:Oyy3hujbQm2Ry9uOuUyif5LrQ4/I53N7FrAdE5xVQlY=,iv:LFyyOZKX/gNZgmdoRU+rcYKjyDPuoIFguxrfO7zySZ8=,tag:Qqf7EuF5xtdPdcfsKZwMkw==,type:str]".to_string(),
        "  password: {{ .Values.auth.password | b64enc | quote }}".into(),
        "  token: \"{{ required \"token is required\" .Values.token }}\"".into(),
        "DB_PASSWORD=${DB_PASSWORD}".into(),
        "  - name: PASSWORD\n    value: $(DB_PASSWORD)".into(),
        "api_key: op://kubernetes/grafana/api_key".into(),
        format!("image: ghcr.io/org/app@sha256:{digest}"),
        format!("  secret_digest: sha256:{digest}"),
        "client_secret: 123e4567-e89b-12d3-a456-426614174000".into(),
        "token: 9fceb02d0ae598e95dc970b74767f19372d61af8".into(),
        "password: changeme".into(),
        "apiKey: your-api-key-here".into(),
        "secret: <redacted>".into(),
        "password: '***'".into(),
        "password: xxx".into(),
        "password: example".into(),
        "password: dummy".into(),
        "password: test".into(),
        "password: password".into(),
        "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----".into(),
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE".into(),
        "existingSecret: my-release-mysql\nsecretName: db-credentials\npasswordKey: mysql-password".into(),
        "tokenPath: /var/run/secrets/kubernetes.io/serviceaccount/token".into(),
        "password: get_password()".into(),
        "password = os.environ[\"DB_PASSWORD\"]".into(),
        // Seen in real repositories: prose, timestamps, self-describing sample values,
        // base64 of placeholders.
        "# ADMIN_PASSWORD: \"please-change\"     # Initial admin password: PLEASE CHANGE!".into(),
        "argocdServerAdminPasswordMtime: \"2006-01-02T15:04:05Z\"".into(),
        "password: test-password".into(),
        "snmpPrivatePassword: my_private_password".into(),
        "password: jiraToken".into(),
        "password: some_pass".into(),
        "pass: \"secret_pw\"".into(),
        "password: password1".into(),
        "data:\n  password: cGFzc3dvcmQ=\n  node.session.auth.password: ZGVtbw==".into(),
    ];
    for text in texts {
        let found: Vec<_> = scan_text(&text).iter().map(|m| m.rule.name).collect();
        assert!(found.is_empty(), "{text:?} flagged by {found:?}");
    }
}

#[test]
fn sealed_secret_ciphertext_is_not_a_secret() {
    let r = &mut Rng(3);
    let mut blob = vec![0x02, 0x00]; // RSA-4096 session key length 512
    blob.extend(r.bytes(512 + 16 + 24));
    let ciphertext = STANDARD.encode(&blob);
    assert!(structure::is_sealed_secret_ciphertext(&ciphertext));
    let text = format!(
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nspec:\n  encryptedData:\n    password: {ciphertext}\n    api_token: {ciphertext}\n"
    );
    assert!(scan_text(&text).is_empty());
    // A plain high-entropy value under the same key is still a secret.
    let plain = r.pick(ALNUM, 32);
    assert_eq!(
        rule_spans(&format!("api_token: {plain}\n"), "generic-secret"),
        [plain]
    );
}

#[test]
fn generic_rule_catches_human_passwords_in_many_syntaxes() {
    for (text, secret) in [
        ("DB_PASSWORD: \"Tr0ub4dor&3xKq9ZpL\"", "Tr0ub4dor&3xKq9ZpL"),
        ("DB_PASSWORD: \"Summer2024!\"", "Summer2024!"),
        ("password: hunter2hunter2", "hunter2hunter2"),
        ("{\"password\": \"s3cr3tPassw0rdX9\"}", "s3cr3tPassw0rdX9"),
        ("export MYSQL_ROOT_PASSWORD='k8s-r00t-Zq7'", "k8s-r00t-Zq7"),
        ("spring.datasource.password=Xk9#mQ2vL", "Xk9#mQ2vL"),
        ("  admin_password = \"w0rdpass-Zq\"", "w0rdpass-Zq"),
        ("PGPASSWORD=Xk9mQ2vLw7 psql -h db.internal", "Xk9mQ2vLw7"),
        // base64 of "storageos", as pasted from a Secret's data.
        ("  apiPassword: c3RvcmFnZW9z", "c3RvcmFnZW9z"),
    ] {
        assert_eq!(rule_spans(text, "generic-secret"), [secret], "{text}");
    }
}

#[test]
fn private_keys_in_openssh_json_and_yaml_block_forms() {
    let r = &mut Rng(11);
    let openssh = format!(
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n{}\n-----END OPENSSH PRIVATE KEY-----",
        pem_body(r, 4)
    );
    assert_eq!(
        rule_spans(&openssh, "private-key"),
        std::slice::from_ref(&openssh)
    );
    let indented = format!(
        "stringData:\n  id_rsa: |\n    {}\n",
        openssh.replace('\n', "\n    ")
    );
    let found = rule_spans(&indented, "private-key");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("-----BEGIN OPENSSH PRIVATE KEY-----")
            && found[0].ends_with("-----END OPENSSH PRIVATE KEY-----")
    );
    // Elided documentation keys and public material are not private keys.
    for text in [
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----",
        "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
    ] {
        assert!(scan_text(text).is_empty(), "{text}");
    }
}

#[test]
fn jwt_requires_a_json_header_with_alg() {
    let r = &mut Rng(5);
    let good = jwt(r);
    assert!(structure::is_jwt(&good));
    let no_alg = format!(
        "{}.{}.sig",
        URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(br#"{"sub":"x"}"#)
    );
    assert!(!structure::is_jwt(&no_alg));
    assert!(
        scan_text(&format!("token: {no_alg}"))
            .iter()
            .all(|m| m.rule.name != "jwt")
    );
}

#[test]
fn redaction_never_shows_the_secret() {
    for c in cases() {
        let r = redact(&c.secret);
        assert!(!r.contains(&c.secret), "{}", c.rule);
        let shown = r.split('…').next().unwrap();
        assert!(
            shown.chars().count() <= 4 && c.secret.starts_with(shown),
            "{}: {r}",
            c.rule
        );
        assert!(r.ends_with(&format!("({} chars)", c.secret.chars().count())));
        for m in scan_text(&c.text) {
            let printed = format!("{m:?}");
            assert!(
                !printed.contains(&c.secret),
                "{}: Debug output leaks the secret",
                c.rule
            );
            assert!(!m.redacted.contains(&c.secret) && !m.fingerprint.contains(&c.secret));
        }
    }
    assert_eq!(
        redact("ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
        "ghp_…(40 chars)"
    );
    assert_eq!(redact("hunter2"), "…(7 chars)");
    assert_eq!(redact("hunter22"), "h…(8 chars)");
    assert_eq!(redact("Summer2024!x"), "Su…(12 chars)");
}

#[test]
fn fingerprints_are_stable_and_distinguish_rule_and_value() {
    let a = fingerprint("SEC089", "hunter2hunter2");
    assert_eq!(a, fingerprint("SEC089", "hunter2hunter2"));
    assert_eq!(a.len(), 64);
    assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_ne!(a, fingerprint("SEC089", "hunter2hunter3"));
    assert_ne!(a, fingerprint("SEC004", "hunter2hunter2"));
    // Same secret, different place and formatting: same fingerprint.
    let one = scan_text("password: hunter2hunter2");
    let two = scan_text("\n\n  PASSWORD = \"hunter2hunter2\"  # moved");
    assert_eq!(one[0].fingerprint, two[0].fingerprint);
}

#[test]
fn base64_secret_data_is_decoded_and_judged() {
    let r = &mut Rng(9);
    // A private key in Secret data.
    let key = format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        pem_body(r, 6)
    );
    let scan = decode_base64_and_scan(&STANDARD.encode(&key)).unwrap();
    assert!(scan.is_text);
    assert_eq!(scan.matches.len(), 1);
    assert_eq!(scan.matches[0].rule.name, "private-key");
    // A provider token.
    let token = checksummed(r, "ghp_");
    let scan = decode_base64_and_scan(&STANDARD.encode(&token)).unwrap();
    assert_eq!(scan.matches[0].rule.name, "github-pat");
    assert_eq!(scan.matches[0].span, 0..token.len());
    // Placeholders and certificates decode to their classes.
    assert_eq!(
        decode_base64_and_scan("Y2hhbmdlbWU=").unwrap().class,
        ValueClass::Placeholder
    );
    let cert = STANDARD.encode("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    let scan = decode_base64_and_scan(&cert).unwrap();
    assert_eq!(scan.class, ValueClass::Public);
    assert!(scan.matches.is_empty());
    // A password decodes to a literal (the caller decides: every Secret data key is secret-bearing).
    let scan = decode_base64_and_scan("c3RvcmFnZW9z").unwrap();
    assert_eq!((scan.class, scan.decoded_len), (ValueClass::Literal, 9));
    // Binary and non-base64.
    assert!(
        !decode_base64_and_scan(&STANDARD.encode([0xff, 0xfe, 0x00, 0x81]))
            .unwrap()
            .is_text
    );
    assert!(decode_base64_and_scan("not base64!").is_none());
}

#[test]
fn key_value_judgement_for_structural_pairs() {
    // env: - name: DB_PASSWORD / value: s3cr3tPassw0rdX9
    let found = scan_key_value("DB_PASSWORD", "s3cr3tPassw0rdX9");
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].rule.name, found[0].span.clone()),
        ("generic-secret", 0..16)
    );
    assert!(scan_key_value("DB_PASSWORD", "{{ .Values.password }}").is_empty());
    assert!(scan_key_value("DB_HOST", "postgres.default.svc").is_empty());
    assert!(scan_key_value("LOG_LEVEL", "debug").is_empty());
    // A provider token is found whatever the key.
    let token = checksummed(&mut Rng(2), "ghp_");
    assert_eq!(
        scan_key_value("SOMETHING", &token)[0].rule.name,
        "github-pat"
    );
}

fn testdata(name: &str) -> String {
    let path = format!("{}/testdata/secrets/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Real files from public GitOps repositories that hold no secret.
#[test]
fn hard_negatives_from_real_repositories() {
    let dir = format!("{}/testdata/secrets/negatives", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let found: Vec<_> = scan_text(&text)
            .iter()
            .map(|m| format!("{} {} at {:?}", m.rule.name, m.redacted, m.span))
            .collect();
        assert!(found.is_empty(), "{}: {found:?}", path.display());
    }
}

/// A SOPS file with every value encrypted is clean; a plaintext value left in it is found.
#[test]
fn sops_file_with_plaintext_left_behind() {
    let sops = testdata("negatives/sops-secret.sops.yaml");
    assert!(scan_text(&sops).is_empty());
    let leaked = sops.replacen(
        "stringData:\n",
        "stringData:\n    DB_PASSWORD: Wq8-plain-Zr41\n",
        1,
    );
    let found = scan_text(&leaked);
    assert_eq!(found.len(), 1);
    assert_eq!(&leaked[found[0].span.clone()], "Wq8-plain-Zr41");
}

#[test]
fn long_single_line_scans_in_linear_time() {
    // 4 MB on one line with a keyword every few bytes: must not go quadratic.
    let line = "token=abc;".repeat(400_000);
    let start = std::time::Instant::now();
    let found = scan_text(&line);
    assert!(found.is_empty());
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    // 2 MB on one line with 50,000 candidates that the filters must judge.
    let line = "{\"password\": \"{{ .Values.p }}\", \"x\": 1}, ".repeat(50_000);
    let start = std::time::Instant::now();
    assert!(scan_text(&line).is_empty());
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}
