//! The provider rule table: one entry per token format, written for kubegate from public
//! descriptions of each format (prefixes, lengths, alphabets). Coverage follows the provider
//! families gitleaks 8.30 knows, plus private keys, JWTs, URL credentials and the generic
//! key/value detector. Ids are stable: append new rules, never renumber.

use super::rule::{EntropyGate, Kind, Pattern, SecretRule};
use super::{checksum, generic, structure};
use std::ops::Range;

use EntropyGate::{LengthAware, Min};
use Pattern::{Keyed, Raw};

const DEFAULTS: SecretRule = SecretRule {
    id: "",
    name: "",
    title: "",
    description: "",
    severity: "high",
    keywords: &[],
    pattern: Raw(""),
    secret_group: 1,
    entropy: None,
    validator: None,
    kind: Kind::Provider,
    priority: 2,
};

macro_rules! rule {
    ($id:literal, $name:literal, $sev:literal, $title:literal, $desc:literal,
     [$($kw:literal),+ $(,)?], $pat:expr $(, $field:ident = $val:expr)* $(,)?) => {
        SecretRule {
            id: $id,
            name: $name,
            severity: $sev,
            title: $title,
            description: $desc,
            keywords: &[$($kw),+],
            pattern: $pat,
            $($field: $val,)*
            ..DEFAULTS
        }
    };
}

fn github_checksum(c: &super::rule::Candidate<'_>) -> Option<Range<usize>> {
    checksum::base62_crc32_valid(&c.text[c.secret.clone()]).then(|| c.secret.clone())
}

fn gcp_service_account_key(c: &super::rule::Candidate<'_>) -> Option<Range<usize>> {
    let value = &c.text[c.secret.clone()];
    let header = value.find("PRIVATE KEY-----")? + "PRIVATE KEY-----".len();
    structure::private_key_block_end(value, header).map(|_| c.secret.clone())
}

/// The password of a `user:password` given to curl (the user name is not secret).
fn curl_password_part(c: &super::rule::Candidate<'_>) -> Option<Range<usize>> {
    let value = &c.text[c.secret.clone()];
    let colon = value.find(':')?;
    Some(c.secret.start + colon + 1..c.secret.end)
}

/// Every secret rule, in id order.
pub static RULES: &[SecretRule] = &[
    // ---- AWS -------------------------------------------------------------------------------
    rule!(
        "SEC001",
        "aws-access-key-id",
        "high",
        "AWS access key ID",
        "An AWS access key ID (AKIA/ASIA/...): half of an AWS credential pair; the secret access key is usually nearby.",
        ["akia", "asia", "abia", "acca", "a3t"],
        Raw(r"\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC002",
        "aws-secret-access-key",
        "critical",
        "AWS secret access key",
        "A 40-character AWS secret access key assigned to an AWS secret key variable: full programmatic access to the account.",
        [
            "secret_access_key",
            "secretaccesskey",
            "secret-access-key",
            "aws_secret",
            "awssecret",
            "aws-secret"
        ],
        Keyed {
            key: r"secret[_.-]?access[_.-]?key|aws[_.-]?secret(?:[_.-]?key)?",
            value: r"[A-Za-z0-9/+]{40}"
        },
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC003",
        "aws-bedrock-api-key",
        "high",
        "Amazon Bedrock API key",
        "A long-lived Amazon Bedrock API key (ABSK...).",
        ["absk"],
        Raw(r"\b(ABSK[A-Za-z0-9+/]{109,269}={0,2})"),
        entropy = Some(Min(3.0))
    ),
    // ---- GitHub ----------------------------------------------------------------------------
    rule!(
        "SEC004",
        "github-pat",
        "critical",
        "GitHub personal access token",
        "A GitHub classic personal access token (ghp_), validated by its CRC32 checksum.",
        ["ghp_"],
        Raw(r"\b(ghp_[A-Za-z0-9]{36})\b"),
        validator = Some(github_checksum)
    ),
    rule!(
        "SEC005",
        "github-oauth-token",
        "critical",
        "GitHub OAuth access token",
        "A GitHub OAuth access token (gho_), validated by its CRC32 checksum.",
        ["gho_"],
        Raw(r"\b(gho_[A-Za-z0-9]{36})\b"),
        validator = Some(github_checksum)
    ),
    rule!(
        "SEC006",
        "github-app-token",
        "critical",
        "GitHub App token",
        "A GitHub App user-to-server (ghu_) or installation (ghs_) token, validated by its CRC32 checksum.",
        ["ghu_", "ghs_"],
        Raw(r"\b((?:ghu|ghs)_[A-Za-z0-9]{36})\b"),
        validator = Some(github_checksum)
    ),
    rule!(
        "SEC007",
        "github-refresh-token",
        "critical",
        "GitHub refresh token",
        "A GitHub refresh token (ghr_), validated by its CRC32 checksum.",
        ["ghr_"],
        Raw(r"\b(ghr_[A-Za-z0-9]{36})\b"),
        validator = Some(github_checksum)
    ),
    rule!(
        "SEC008",
        "github-fine-grained-pat",
        "critical",
        "GitHub fine-grained personal access token",
        "A GitHub fine-grained personal access token (github_pat_).",
        ["github_pat_"],
        Raw(r"\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b"),
        entropy = Some(Min(3.0))
    ),
    // ---- GitLab ----------------------------------------------------------------------------
    rule!(
        "SEC009",
        "gitlab-pat",
        "critical",
        "GitLab personal access token",
        "A GitLab personal, project or group access token (glpat-).",
        ["glpat-"],
        Raw(r"\b(glpat-[A-Za-z0-9_-]{20})(?:[^\w.-]|$)"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC010",
        "gitlab-pat-routable",
        "critical",
        "GitLab routable access token",
        "A GitLab routable personal access token (glpat-<payload>.<version><crc>).",
        ["glpat-"],
        Raw(r"\b(glpat-[A-Za-z0-9_-]{27,300}\.[0-9a-z]{2}[0-9a-z]{7})\b"),
        entropy = Some(Min(4.0))
    ),
    rule!(
        "SEC011",
        "gitlab-runner-token",
        "high",
        "GitLab runner authentication token",
        "A GitLab runner authentication token (glrt-): lets anyone register as a runner and receive CI jobs and their secrets.",
        ["glrt-"],
        Raw(r"\b(glrt-(?:t\d_)?[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{9})?)(?:[^\w-]|$)"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC012",
        "gitlab-pipeline-trigger-token",
        "high",
        "GitLab pipeline trigger token",
        "A GitLab pipeline trigger token (glptt-).",
        ["glptt-"],
        Raw(r"\b(glptt-[0-9a-f]{40})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC013",
        "gitlab-deploy-token",
        "high",
        "GitLab deploy token",
        "A GitLab deploy token (gldt-): read access to a repository or registry.",
        ["gldt-"],
        Raw(r"\b(gldt-[A-Za-z0-9_-]{20})(?:[^\w-]|$)"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC014",
        "gitlab-token",
        "high",
        "GitLab token",
        "Another GitLab token type: CI job (glcbt-), feed (glft-), incoming mail (glimt-), agent (glagent-), OAuth app secret (gloas-), SCIM (glsoat-), feature-flag client (glffct-) or runner registration (GR1348941).",
        ["glcbt-", "glft-", "glimt-", "glagent-", "gloas-", "glsoat-", "glffct-", "gr1348941"],
        Raw(
            r"\b(glcbt-[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_-]{20}|glft-[0-9a-zA-Z_-]{20}|glimt-[0-9a-zA-Z_-]{25}|glagent-[0-9a-zA-Z_-]{50}|gloas-[0-9a-zA-Z_-]{64}|glsoat-[0-9a-zA-Z_-]{20}|glffct-[0-9a-zA-Z_-]{20}|GR1348941[0-9a-zA-Z_-]{20})(?:[^\w-]|$)"
        ),
        entropy = Some(Min(3.0))
    ),
    // ---- Slack -----------------------------------------------------------------------------
    rule!(
        "SEC015",
        "slack-bot-token",
        "high",
        "Slack bot token",
        "A Slack bot user OAuth token (xoxb-).",
        ["xoxb-"],
        Raw(r"\b(xoxb-[0-9]{8,14}-[0-9A-Za-z-]{18,80})"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC016",
        "slack-user-token",
        "high",
        "Slack user token",
        "A Slack user OAuth token (xoxp-) or refresh token (xoxe-).",
        ["xoxp-", "xoxe-"],
        Raw(r"\b(xox[pe](?:-[0-9]{10,13}){3}-[A-Za-z0-9-]{28,34})"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC017",
        "slack-app-token",
        "high",
        "Slack app-level token",
        "A Slack app-level token (xapp-).",
        ["xapp-"],
        Raw(r"(?i)\b(xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC018",
        "slack-legacy-token",
        "high",
        "Slack legacy token",
        "A Slack legacy, workspace or configuration token (xoxo-, xoxs-, xoxa-, xoxr-, xoxe.xoxb-).",
        ["xoxo-", "xoxs-", "xoxa-", "xoxr-", "xoxe."],
        Raw(
            r"(?i)\b(xox[os]-\d+-\d+-\d+-[a-f\d]+|xox[ar]-(?:\d-)?[0-9a-z]{8,48}|xoxe\.xox[bp]-\d-[a-z0-9]{163,166})"
        ),
        entropy = Some(Min(2.5))
    ),
    rule!(
        "SEC019",
        "slack-webhook-url",
        "high",
        "Slack incoming webhook URL",
        "A Slack incoming-webhook or workflow URL: anyone holding it can post to the channel.",
        ["hooks.slack.com"],
        Raw(r"((?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56})"),
        priority = 3
    ),
    // ---- Payment ---------------------------------------------------------------------------
    rule!(
        "SEC020",
        "stripe-secret-key",
        "critical",
        "Stripe secret or restricted key",
        "A Stripe secret (sk_) or restricted (rk_) API key.",
        ["sk_live_", "sk_test_", "sk_prod_", "rk_live_", "rk_test_", "rk_prod_"],
        Raw(r"\b((?:sk|rk)_(?:test|live|prod)_[A-Za-z0-9]{10,99})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC021",
        "square-token",
        "high",
        "Square access token or OAuth secret",
        "A Square access token (sq0atp-, or EAAA followed by 60 characters for current tokens) or OAuth application secret (sq0csp-).",
        ["sq0atp-", "sq0csp-", "eaaa"],
        Raw(r"\b(sq0atp-[A-Za-z0-9_-]{22,60}|sq0csp-[A-Za-z0-9_-]{43}|EAAA[A-Za-z0-9_-]{60})(?:[^\w-]|$)"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC022",
        "shopify-token",
        "high",
        "Shopify access token or shared secret",
        "A Shopify admin/custom/private app access token or app shared secret (shpat_, shpca_, shppa_, shpss_).",
        ["shpat_", "shpca_", "shppa_", "shpss_"],
        Raw(r"\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b"),
        entropy = Some(Min(3.0))
    ),
    // ---- Google ----------------------------------------------------------------------------
    rule!(
        "SEC023",
        "gcp-api-key",
        "high",
        "Google API key",
        "A Google Cloud / Firebase / Maps API key (AIza...).",
        ["aiza"],
        Raw(r"\b(AIza[A-Za-z0-9_-]{35})(?:[^\w-]|$)"),
        entropy = Some(Min(3.5))
    ),
    rule!(
        "SEC024",
        "gcp-service-account-key",
        "critical",
        "GCP service account private key",
        "The private_key of a Google Cloud service-account JSON key file: authenticates as the service account.",
        ["\"private_key\""],
        Raw(r#""private_key"\s*:\s*"(-----BEGIN [A-Z ]*PRIVATE KEY-----[^"]{64,})""#),
        validator = Some(gcp_service_account_key),
        kind = Kind::PrivateKey,
        priority = 4
    ),
    rule!(
        "SEC025",
        "google-oauth-client-secret",
        "high",
        "Google OAuth client secret",
        "A Google OAuth 2.0 client secret (GOCSPX-).",
        ["gocspx-"],
        Raw(r"\b(GOCSPX-[A-Za-z0-9_-]{28})(?:[^\w-]|$)"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC026",
        "google-oauth-access-token",
        "high",
        "Google OAuth access token",
        "A short-lived Google OAuth 2.0 access token (ya29.).",
        ["ya29."],
        Raw(r"\b(ya29\.[A-Za-z0-9_-]{30,})"),
        entropy = Some(Min(3.5))
    ),
    // ---- Azure -----------------------------------------------------------------------------
    rule!(
        "SEC027",
        "azure-storage-account-key",
        "critical",
        "Azure storage account key",
        "An Azure storage account key (88 base64 characters) in a connection string or a storage key variable: full access to the account's blobs, queues and tables.",
        ["accountkey", "account_key", "account-key", "storage_key", "storagekey", "storage-key", "azure"],
        Keyed {
            key: r"account[_.-]?key|storage[_.-]?(?:account[_.-]?)?key|azure[\w.-]{0,30}key",
            value: r"[A-Za-z0-9+/]{86}=="
        },
        entropy = Some(Min(4.0))
    ),
    rule!(
        "SEC028",
        "azure-ad-client-secret",
        "high",
        "Azure AD client secret",
        "An Azure Active Directory (Entra ID) application client secret (…Q~…).",
        ["q~"],
        Raw(r#"(?:^|[\\'"`\s>=:(,)])([a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34})(?:$|[\\'"`\s<),])"#),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC029",
        "azure-sas-token",
        "high",
        "Azure shared access signature",
        "An Azure Storage shared access signature (sv=...&sig=...) granting delegated access.",
        ["sig="],
        Raw(r"(?i)\bsv=20\d\d-\d\d-\d\d&[^\s'<>]*?\bsig=([A-Za-z0-9%+/]{40,}(?:%3D|=){0,2})"),
        entropy = Some(Min(3.5))
    ),
    // ---- Messaging and communication -------------------------------------------------------
    rule!(
        "SEC030",
        "twilio-api-key",
        "high",
        "Twilio API key",
        "A Twilio API key SID (SK + 32 hex) next to a Twilio setting.",
        ["twilio"],
        Raw(r"\b(SK[0-9a-fA-F]{32})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC031",
        "twilio-auth-token",
        "critical",
        "Twilio auth token",
        "A Twilio account auth token (32 hex) assigned to a Twilio variable.",
        ["twilio"],
        Keyed { key: r"twilio", value: r"[a-f0-9]{32}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC032",
        "sendgrid-api-key",
        "high",
        "SendGrid API key",
        "A SendGrid API key (SG.<22>.<43>).",
        ["sg."],
        Raw(r"\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?:[^\w-]|$)"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC033",
        "discord-bot-token",
        "high",
        "Discord bot token",
        "A Discord bot token (base64 user id . timestamp . HMAC) next to a Discord setting.",
        ["discord"],
        Raw(r"\b([MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?:[^\w-]|$)"),
        entropy = Some(Min(3.5))
    ),
    rule!(
        "SEC034",
        "discord-webhook-url",
        "high",
        "Discord webhook URL",
        "A Discord webhook URL: anyone holding it can post to the channel.",
        ["discord"],
        Raw(
            r"(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,68})"
        ),
        priority = 3
    ),
    rule!(
        "SEC035",
        "telegram-bot-token",
        "high",
        "Telegram bot token",
        "A Telegram Bot API token (<bot id>:AA<33 characters>).",
        [":aa"],
        Raw(r"\b([0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?:[^\w-]|$)"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC036",
        "microsoft-teams-webhook",
        "high",
        "Microsoft Teams incoming webhook",
        "A Microsoft Teams incoming webhook URL.",
        ["webhook.office.com"],
        Raw(
            r"(https://[a-z0-9]+\.webhook\.office\.com/webhookb2/[a-z0-9-]{36}@[a-z0-9-]{36}/IncomingWebhook/[a-z0-9]{32}/[a-z0-9-]{36})"
        ),
        priority = 3
    ),
    rule!(
        "SEC037",
        "mailgun-api-key",
        "high",
        "Mailgun API key",
        "A Mailgun private API key (key-<32 hex>) assigned to a Mailgun variable.",
        ["mailgun"],
        Keyed { key: r"mailgun", value: r"key-[a-f0-9]{32}" }
    ),
    rule!(
        "SEC038",
        "mailchimp-api-key",
        "high",
        "Mailchimp API key",
        "A Mailchimp API key (<32 hex>-us<N>).",
        ["mailchimp"],
        Keyed { key: r"mailchimp", value: r"[a-f0-9]{32}-us[0-9]{1,2}" }
    ),
    rule!(
        "SEC039",
        "sendinblue-api-key",
        "high",
        "Brevo (Sendinblue) API key",
        "A Brevo / Sendinblue API key (xkeysib-).",
        ["xkeysib-"],
        Raw(r"\b(xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16})\b"),
        entropy = Some(Min(3.0))
    ),
    // ---- Package registries ----------------------------------------------------------------
    rule!(
        "SEC040",
        "npm-access-token",
        "critical",
        "npm access token",
        "An npm access token (npm_), validated by its CRC32 checksum: can publish packages.",
        ["npm_"],
        Raw(r"\b(npm_[A-Za-z0-9]{36})\b"),
        validator = Some(github_checksum)
    ),
    rule!(
        "SEC041",
        "pypi-upload-token",
        "critical",
        "PyPI upload token",
        "A PyPI or TestPyPI API token (pypi-AgEIcHlwaS5vcmc...): can publish packages.",
        ["pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"],
        Raw(r"\b(pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000})"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC042",
        "dockerhub-token",
        "high",
        "Docker Hub access token",
        "A Docker Hub personal (dckr_pat_) or organisation (dckr_oat_) access token: can push images.",
        ["dckr_pat_", "dckr_oat_"],
        Raw(r"\b(dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32})(?:[^\w-]|$)"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC043",
        "rubygems-api-token",
        "high",
        "RubyGems API token",
        "A RubyGems API token (rubygems_).",
        ["rubygems_"],
        Raw(r"\b(rubygems_[a-f0-9]{48})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC044",
        "clojars-api-token",
        "high",
        "Clojars deploy token",
        "A Clojars deploy token (CLOJARS_).",
        ["clojars_"],
        Raw(r"(?i)\b(CLOJARS_[a-z0-9]{60})\b"),
        entropy = Some(Min(2.0))
    ),
    rule!(
        "SEC045",
        "artifactory-token",
        "high",
        "JFrog Artifactory API key or reference token",
        "A JFrog Artifactory API key (AKCp) or reference token (cmVmd).",
        ["akcp", "cmvmd"],
        Raw(r"\b(AKCp[A-Za-z0-9]{69}|cmVmd[A-Za-z0-9]{59})\b"),
        entropy = Some(Min(4.5))
    ),
    // ---- AI providers ----------------------------------------------------------------------
    rule!(
        "SEC046",
        "openai-api-key",
        "critical",
        "OpenAI API key",
        "An OpenAI API key (sk-..., with the T3BlbkFJ marker).",
        ["t3blbkfj"],
        Raw(
            r"\b(sk-(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?:[^\w-]|$)"
        ),
        priority = 3
    ),
    rule!(
        "SEC047",
        "openai-project-key",
        "critical",
        "OpenAI project or service-account key",
        "An OpenAI project, service-account or admin key (sk-proj-, sk-svcacct-, sk-admin-).",
        ["sk-proj-", "sk-svcacct-", "sk-admin-"],
        Raw(r"\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{80,200})(?:[^\w-]|$)"),
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC048",
        "anthropic-api-key",
        "critical",
        "Anthropic API key",
        "An Anthropic API or admin key (sk-ant-api03-, sk-ant-admin01-).",
        ["sk-ant-"],
        Raw(r"\b(sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA)(?:[^\w-]|$)")
    ),
    rule!(
        "SEC049",
        "huggingface-token",
        "high",
        "Hugging Face access token",
        "A Hugging Face user (hf_) or organisation (api_org_) access token.",
        ["hf_", "api_org_"],
        Raw(r"\b((?:hf|api_org)_[A-Za-z]{34})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC050",
        "perplexity-api-key",
        "high",
        "Perplexity API key",
        "A Perplexity AI API key (pplx-).",
        ["pplx-"],
        Raw(r"\b(pplx-[A-Za-z0-9]{48})\b"),
        entropy = Some(Min(4.0))
    ),
    // ---- HashiCorp and infrastructure ------------------------------------------------------
    rule!(
        "SEC051",
        "vault-service-token",
        "critical",
        "HashiCorp Vault service token",
        "A HashiCorp Vault service token (hvs.).",
        ["hvs."],
        Raw(r"\b(hvs\.[A-Za-z0-9_-]{90,120})(?:[^\w-]|$)"),
        entropy = Some(Min(3.5))
    ),
    rule!(
        "SEC052",
        "vault-batch-token",
        "critical",
        "HashiCorp Vault batch token",
        "A HashiCorp Vault batch token (hvb.).",
        ["hvb."],
        Raw(r"\b(hvb\.[A-Za-z0-9_-]{138,300})(?:[^\w-]|$)"),
        entropy = Some(Min(4.0))
    ),
    rule!(
        "SEC053",
        "vault-legacy-token",
        "critical",
        "HashiCorp Vault legacy token",
        "A legacy HashiCorp Vault token (s.<24>) assigned to a Vault token variable.",
        ["vault"],
        Keyed { key: r"vault[\w.-]{0,20}token|x-vault-token", value: r"s\.[A-Za-z0-9]{24}" },
        entropy = Some(Min(3.5))
    ),
    rule!(
        "SEC054",
        "terraform-cloud-token",
        "critical",
        "Terraform Cloud / Enterprise API token",
        "A Terraform Cloud or Enterprise API token (<14>.atlasv1.<60+>).",
        ["atlasv1"],
        Raw(r"\b([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?:[^\w=-]|$)"),
        entropy = Some(Min(3.5))
    ),
    rule!(
        "SEC055",
        "pulumi-access-token",
        "high",
        "Pulumi access token",
        "A Pulumi access token (pul-).",
        ["pul-"],
        Raw(r"\b(pul-[a-f0-9]{40})\b"),
        entropy = Some(Min(2.0))
    ),
    rule!(
        "SEC056",
        "doppler-token",
        "high",
        "Doppler token",
        "A Doppler personal, service, service-account, CLI, SCIM or audit token (dp.pt., dp.st., ...).",
        ["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."],
        Raw(r"\b(dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44})\b"),
        entropy = Some(Min(2.0))
    ),
    rule!(
        "SEC057",
        "onepassword-secret-key",
        "critical",
        "1Password account secret key",
        "A 1Password account secret key (A3-...).",
        ["a3-"],
        Raw(
            r"\b(A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})\b"
        ),
        entropy = Some(Min(3.8))
    ),
    rule!(
        "SEC058",
        "onepassword-service-account-token",
        "critical",
        "1Password service account token",
        "A 1Password service account token (ops_eyJ...).",
        ["ops_eyj"],
        Raw(r"\b(ops_eyJ[A-Za-z0-9+/]{250,}={0,3})"),
        entropy = Some(Min(4.0))
    ),
    rule!(
        "SEC059",
        "age-secret-key",
        "critical",
        "age secret key",
        "An age encryption secret key (AGE-SECRET-KEY-1...): decrypts every SOPS file encrypted to its recipient.",
        ["age-secret-key-1"],
        Raw(r"(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})")
    ),
    rule!(
        "SEC060",
        "digitalocean-token",
        "high",
        "DigitalOcean token",
        "A DigitalOcean personal access (dop_v1_), OAuth (doo_v1_) or refresh (dor_v1_) token.",
        ["dop_v1_", "doo_v1_", "dor_v1_"],
        Raw(r"\b(do[opr]_v1_[a-f0-9]{64})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC061",
        "databricks-token",
        "high",
        "Databricks API token",
        "A Databricks personal access token (dapi).",
        ["dapi"],
        Raw(r"\b(dapi[a-f0-9]{32}(?:-\d)?)\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC062",
        "dynatrace-api-token",
        "high",
        "Dynatrace API token",
        "A Dynatrace API token (dt0c01.).",
        ["dt0c01."],
        Raw(r"\b(dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64})\b"),
        entropy = Some(Min(4.0))
    ),
    rule!(
        "SEC063",
        "flyio-token",
        "high",
        "Fly.io access token",
        "A Fly.io access token (fo1_, fm1a_, fm1r_, fm2_).",
        ["fo1_", "fm1", "fm2_"],
        Raw(r"\b(fo1_[\w-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}|fm2_[A-Za-z0-9+/]{100,}={0,3})"),
        entropy = Some(Min(4.0))
    ),
    rule!(
        "SEC064",
        "grafana-token",
        "high",
        "Grafana token",
        "A Grafana API key (eyJrIjoi...), Grafana Cloud token (glc_) or service-account token (glsa_).",
        ["eyjrijoi", "glc_", "glsa_"],
        Raw(
            r"\b(eyJrIjoi[A-Za-z0-9]{70,400}={0,3}|glc_[A-Za-z0-9+/]{32,400}={0,3}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})"
        ),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC065",
        "heroku-api-key",
        "high",
        "Heroku API key",
        "A Heroku platform API key (HRKU-AA...).",
        ["hrku-aa"],
        Raw(r"\b(HRKU-AA[0-9A-Za-z_-]{58})(?:[^\w-]|$)"),
        entropy = Some(Min(4.0))
    ),
    rule!(
        "SEC066",
        "cloudflare-origin-ca-key",
        "high",
        "Cloudflare Origin CA key",
        "A Cloudflare Origin CA key (v1.0-).",
        ["v1.0-"],
        Raw(r"\b(v1\.0-[a-f0-9]{24}-[a-f0-9]{146})\b"),
        entropy = Some(Min(2.0))
    ),
    rule!(
        "SEC067",
        "cloudflare-api-token",
        "high",
        "Cloudflare API token",
        "A Cloudflare API token (40 characters) assigned to a Cloudflare variable.",
        ["cloudflare"],
        Keyed { key: r"cloudflare", value: r"[A-Za-z0-9_-]{40}" },
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC068",
        "datadog-api-key",
        "high",
        "Datadog API or application key",
        "A Datadog API key (32 hex) or application key (40 hex) assigned to a Datadog variable.",
        ["datadog", "dd_api_key", "dd_app_key", "dd-api-key", "dd-app-key"],
        Keyed {
            key: r"datadog|dd[_.-]?(?:api|app|application)[_.-]?key",
            value: r"[a-f0-9]{40}|[a-f0-9]{32}"
        },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC069",
        "newrelic-key",
        "high",
        "New Relic key",
        "A New Relic user API key (NRAK-), insert key (NRII-) or browser key (NRJS-).",
        ["nrak-", "nrii-", "nrjs-"],
        Raw(r"\b(NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9-]{32}|NRJS-[a-f0-9]{19})(?:[^\w-]|$)"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC070",
        "sentry-token",
        "high",
        "Sentry token",
        "A Sentry user auth token (sntryu_) or organisation token (sntrys_).",
        ["sntryu_", "sntrys_"],
        Raw(r"\b(sntryu_[a-f0-9]{64}|sntrys_eyJ[A-Za-z0-9+/=_]{60,400})"),
        entropy = Some(Min(3.5))
    ),
    rule!(
        "SEC071",
        "okta-api-token",
        "high",
        "Okta API token",
        "An Okta API token (00 + 40 characters) assigned to an Okta variable.",
        ["okta"],
        Keyed { key: r"okta", value: r"00[A-Za-z0-9=_-]{40}" },
        entropy = Some(Min(4.0))
    ),
    rule!(
        "SEC072",
        "atlassian-api-token",
        "high",
        "Atlassian API token",
        "An Atlassian (Jira, Confluence) API token (ATATT3...).",
        ["atatt3"],
        Raw(r"\b(ATATT3[A-Za-z0-9_=-]{186})(?:[^\w=-]|$)"),
        entropy = Some(Min(3.5))
    ),
    rule!(
        "SEC073",
        "buildkite-token",
        "high",
        "Buildkite API token",
        "A Buildkite user API access token (bkua_).",
        ["bkua_"],
        Raw(r"\b(bkua_[a-f0-9]{40})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC074",
        "sonarqube-token",
        "high",
        "SonarQube token",
        "A SonarQube/SonarCloud user, project or global analysis token (squ_, sqp_, sqa_).",
        ["squ_", "sqp_", "sqa_"],
        Raw(r"\b(sq[upa]_[a-f0-9]{40})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC075",
        "postman-api-token",
        "high",
        "Postman API key",
        "A Postman API key (PMAK-).",
        ["pmak-"],
        Raw(r"\b(PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC076",
        "linear-api-key",
        "high",
        "Linear API key",
        "A Linear API key (lin_api_).",
        ["lin_api_"],
        Raw(r"\b(lin_api_[A-Za-z0-9]{40})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC077",
        "notion-api-token",
        "high",
        "Notion integration token",
        "A Notion integration token (ntn_).",
        ["ntn_"],
        Raw(r"\b(ntn_[0-9]{11}[A-Za-z0-9]{35})\b"),
        entropy = Some(Min(4.0))
    ),
    rule!(
        "SEC078",
        "planetscale-token",
        "high",
        "PlanetScale token or password",
        "A PlanetScale service token, OAuth token or database password (pscale_tkn_, pscale_oauth_, pscale_pw_).",
        ["pscale_"],
        Raw(r"\b(pscale_(?:tkn|oauth|pw)_[A-Za-z0-9=._-]{32,64})(?:[^\w=.-]|$)"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC079",
        "openshift-user-token",
        "high",
        "OpenShift user token",
        "An OpenShift OAuth user token (sha256~...).",
        ["sha256~"],
        Raw(r"\b(sha256~[A-Za-z0-9_-]{43})(?:[^\w-]|$)"),
        entropy = Some(Min(3.5))
    ),
    rule!(
        "SEC080",
        "alibaba-access-key-id",
        "high",
        "Alibaba Cloud AccessKey ID",
        "An Alibaba Cloud AccessKey ID (LTAI...).",
        ["ltai"],
        Raw(r"\b(LTAI[A-Za-z0-9]{20})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC081",
        "facebook-access-token",
        "high",
        "Facebook page access token",
        "A Facebook/Meta page access token (EAAM/EAAC...).",
        ["eaam", "eaac"],
        Raw(r"\b(EAA[MC][A-Za-z0-9]{100,})"),
        entropy = Some(Min(4.0))
    ),
    rule!(
        "SEC082",
        "mapbox-secret-token",
        "high",
        "Mapbox secret token",
        "A Mapbox secret access token (sk.eyJ...).",
        ["sk.eyj"],
        Raw(r"\b(sk\.eyJ[A-Za-z0-9_-]{50,}\.[A-Za-z0-9_-]{20,})"),
        entropy = Some(Min(3.5))
    ),
    rule!(
        "SEC083",
        "misc-prefixed-token",
        "high",
        "Prefixed SaaS token",
        "A token with a vendor prefix: Adobe (p8e-), Airtable (pat...), Duffel (duffel_), EasyPost (EZAK/EZTK), Frame.io (fio-u-), Flutterwave (FLWSECK_TEST-), Infracost (ico-), MaxMind (_mmk), Prefect (pnu_), ReadMe (rdme_), Scalingo (tk-us-), Shippo (shippo_), Typeform (tfp_), Harness (pat./sat.).",
        [
            "p8e-",
            "airtable",
            "duffel_",
            "ezak",
            "eztk",
            "fio-u-",
            "flwseck_test",
            "ico-",
            "_mmk",
            "pnu_",
            "rdme_",
            "tk-us-",
            "shippo_",
            "tfp_",
            "pat.",
            "sat."
        ],
        Raw(
            r"\b(p8e-[A-Za-z0-9]{32}|pat[A-Za-z0-9]{14}\.[a-f0-9]{64}|duffel_(?:test|live)_[A-Za-z0-9_=-]{43}|EZ[AT]K[A-Za-z0-9]{54}|fio-u-[A-Za-z0-9_=-]{64}|FLWSECK_TEST-[a-hA-H0-9]{32}-X|ico-[A-Za-z0-9]{32}|[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk|pnu_[A-Za-z0-9]{36}|rdme_[a-z0-9]{70}|tk-us-[A-Za-z0-9_-]{48}|shippo_(?:live|test)_[a-fA-F0-9]{40}|tfp_[A-Za-z0-9_.=-]{59}|(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20})(?:[^\w=.-]|$)"
        ),
        entropy = Some(Min(3.0))
    ),
    // ---- Structured secrets ----------------------------------------------------------------
    rule!(
        "SEC084",
        "jwt",
        "medium",
        "JSON Web Token",
        "A JSON Web Token whose header decodes to JSON with an `alg`: a bearer credential (service-account tokens, API sessions).",
        ["eyj"],
        Raw(r"\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*)"),
        validator = Some(structure::validate_jwt),
        priority = 1
    ),
    rule!(
        "SEC085",
        "private-key",
        "critical",
        "Private key",
        "A PEM or OpenSSH private key block (RSA, EC, DSA, Ed25519, PKCS#8, encrypted or not, PGP private key block).",
        ["-----begin"],
        Raw(r"(-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----)"),
        validator = Some(structure::validate_private_key),
        kind = Kind::PrivateKey,
        priority = 3
    ),
    rule!(
        "SEC086",
        "private-key-base64",
        "critical",
        "Base64-encoded private key",
        "A base64-encoded PEM private key (LS0tLS1CRUdJTi...), as in Kubernetes Secret data or kubeconfig client-key-data.",
        ["ls0tls1crudjti"],
        Raw(r"\b(LS0tLS1CRUdJTi[A-Za-z0-9+/]{60,}={0,2})"),
        validator = Some(structure::validate_base64_private_key),
        kind = Kind::PrivateKey,
        priority = 3
    ),
    rule!(
        "SEC087",
        "url-credentials",
        "high",
        "Credentials in URL",
        "A URL with an embedded user and password (scheme://user:password@host), as in database or broker connection strings.",
        ["://"],
        Raw(
            r#"(?i)\b([a-z][a-z0-9+.-]{1,30})://([^\s:/?#@"'<>\[\]{}]{1,128}):([^\s/?#@"'<>]{1,256})@([a-z0-9._\[\]-]+)"#
        ),
        secret_group = 3,
        validator = Some(generic::validate_url_credentials),
        kind = Kind::Url,
        priority = 1
    ),
    rule!(
        "SEC088",
        "http-bearer-token",
        "high",
        "Bearer token in an Authorization header",
        "A literal bearer token in an HTTP Authorization header (curl commands, webhook configs, probes).",
        ["authorization"],
        Raw(r#"(?i)\bauthorization["'`]?\s*[:=]\s*["'`]?(?:bearer|token)\s+([A-Za-z0-9._~+/=-]{20,})"#),
        entropy = Some(LengthAware),
        kind = Kind::Generic,
        priority = 1
    ),
    rule!(
        "SEC089",
        "generic-secret",
        "medium",
        "Hard-coded secret",
        "A literal value assigned to a secret-like key (password, secret, token, api_key, client_secret, private_key, ...): passwords by placeholder and dictionary checks, tokens by a length-aware entropy threshold.",
        [
            "pass",
            "pwd",
            "secret",
            "token",
            "apikey",
            "api_key",
            "api-key",
            "api.key",
            "accesskey",
            "access_key",
            "access-key",
            "privatekey",
            "private_key",
            "private-key",
            "credential",
            "auth"
        ],
        Pattern::Assignment,
        secret_group = 2,
        validator = Some(generic::validate_assignment),
        kind = Kind::Generic,
        priority = 0
    ),
    // ---- Provider-named assignments (the value format alone is too plain) ---------------
    rule!(
        "SEC090",
        "adafruit-api-key",
        "high",
        "Adafruit IO key",
        "An Adafruit IO API key assigned to an Adafruit variable.",
        ["adafruit"],
        Keyed { key: r"adafruit", value: r"[a-z0-9_-]{32}" },
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC091",
        "algolia-api-key",
        "high",
        "Algolia API key",
        "An Algolia admin or search API key assigned to an Algolia variable.",
        ["algolia"],
        Keyed { key: r"algolia", value: r"[a-z0-9]{32}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC092",
        "asana-client-secret",
        "high",
        "Asana client secret",
        "An Asana OAuth client secret assigned to an Asana variable.",
        ["asana"],
        Keyed { key: r"asana", value: r"[a-z0-9]{32}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC093",
        "bitbucket-client-secret",
        "high",
        "Bitbucket client secret",
        "A Bitbucket OAuth consumer secret assigned to a Bitbucket variable.",
        ["bitbucket"],
        Keyed { key: r"bitbucket", value: r"[a-z0-9=_-]{64}" },
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC094",
        "codecov-access-token",
        "high",
        "Codecov access token",
        "A Codecov upload or API token assigned to a Codecov variable.",
        ["codecov"],
        Keyed { key: r"codecov", value: r"[a-z0-9]{32}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC095",
        "confluent-secret-key",
        "high",
        "Confluent Cloud API secret",
        "A Confluent Cloud API secret assigned to a Confluent variable.",
        ["confluent"],
        Keyed { key: r"confluent", value: r"[a-z0-9]{64}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC096",
        "contentful-api-token",
        "high",
        "Contentful API token",
        "A Contentful delivery or management token assigned to a Contentful variable.",
        ["contentful"],
        Keyed { key: r"contentful", value: r"[a-z0-9=_-]{43}" },
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC097",
        "dropbox-api-token",
        "high",
        "Dropbox access token",
        "A Dropbox short-lived access token (sl.) assigned to a Dropbox variable.",
        ["dropbox"],
        Keyed { key: r"dropbox", value: r"sl\.[a-z0-9=_-]{135}" },
        entropy = Some(Min(3.5))
    ),
    rule!(
        "SEC098",
        "fastly-api-token",
        "high",
        "Fastly API token",
        "A Fastly API token assigned to a Fastly variable.",
        ["fastly"],
        Keyed { key: r"fastly", value: r"[a-z0-9=_-]{32}" },
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC099",
        "intercom-api-key",
        "high",
        "Intercom access token",
        "An Intercom access token assigned to an Intercom variable.",
        ["intercom"],
        Keyed { key: r"intercom", value: r"[a-z0-9=_-]{60}" },
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC100",
        "jfrog-api-key",
        "high",
        "JFrog API key",
        "A JFrog platform API key (73 characters) assigned to a JFrog/Artifactory variable.",
        ["jfrog", "artifactory", "bintray"],
        Keyed { key: r"jfrog|artifactory|bintray", value: r"[a-z0-9]{73}" },
        entropy = Some(Min(3.5))
    ),
    rule!(
        "SEC101",
        "launchdarkly-access-token",
        "high",
        "LaunchDarkly access token",
        "A LaunchDarkly access token assigned to a LaunchDarkly variable.",
        ["launchdarkly"],
        Keyed { key: r"launchdarkly", value: r"[a-z0-9=_-]{40}" },
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC102",
        "netlify-access-token",
        "high",
        "Netlify access token",
        "A Netlify personal access token assigned to a Netlify variable.",
        ["netlify"],
        Keyed { key: r"netlify", value: r"[a-z0-9=_-]{40,46}" },
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC103",
        "snyk-api-token",
        "high",
        "Snyk API token",
        "A Snyk API token (UUID form) assigned to a Snyk token variable.",
        ["snyk"],
        Keyed {
            key: r"snyk[_.-]?(?:api[_.-]?|oauth[_.-]?)?(?:key|token)",
            value: r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC104",
        "heroku-legacy-api-key",
        "high",
        "Heroku legacy API key",
        "A Heroku API key in its legacy UUID form assigned to a Heroku variable.",
        ["heroku"],
        Keyed { key: r"heroku", value: r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC105",
        "twitch-api-token",
        "high",
        "Twitch API token",
        "A Twitch API token assigned to a Twitch variable.",
        ["twitch"],
        Keyed { key: r"twitch", value: r"[a-z0-9]{30}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC106",
        "twitter-bearer-token",
        "high",
        "Twitter/X bearer token",
        "A Twitter/X API bearer token (AAAA... form) assigned to a Twitter variable.",
        ["twitter"],
        Keyed { key: r"twitter", value: r"A{22}[a-zA-Z0-9%]{80,100}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC107",
        "zendesk-secret-key",
        "high",
        "Zendesk API token",
        "A Zendesk API token assigned to a Zendesk variable.",
        ["zendesk"],
        Keyed { key: r"zendesk", value: r"[a-z0-9]{40}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC108",
        "plaid-secret-key",
        "high",
        "Plaid secret",
        "A Plaid API secret assigned to a Plaid variable.",
        ["plaid"],
        Keyed { key: r"plaid", value: r"[a-z0-9]{30}" },
        entropy = Some(Min(3.5))
    ),
    rule!(
        "SEC109",
        "sumologic-access-key",
        "high",
        "Sumo Logic access key",
        "A Sumo Logic access key assigned to a Sumo Logic variable.",
        ["sumo"],
        Keyed { key: r"sumo", value: r"[a-z0-9]{64}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC110",
        "travisci-access-token",
        "high",
        "Travis CI access token",
        "A Travis CI API token assigned to a Travis variable.",
        ["travis"],
        Keyed { key: r"travis", value: r"[a-z0-9]{22}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC111",
        "rapidapi-access-token",
        "high",
        "RapidAPI key",
        "A RapidAPI key assigned to a RapidAPI variable.",
        ["rapidapi"],
        Keyed { key: r"rapidapi", value: r"[a-z0-9_-]{50}" },
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC112",
        "mattermost-access-token",
        "high",
        "Mattermost access token",
        "A Mattermost personal access token assigned to a Mattermost variable.",
        ["mattermost"],
        Keyed { key: r"mattermost", value: r"[a-z0-9]{26}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC113",
        "coinbase-access-token",
        "high",
        "Coinbase access token",
        "A Coinbase API access token assigned to a Coinbase variable.",
        ["coinbase"],
        Keyed { key: r"coinbase", value: r"[a-z0-9_-]{64}" },
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC114",
        "droneci-access-token",
        "high",
        "Drone CI access token",
        "A Drone CI access token assigned to a Drone variable.",
        ["droneci"],
        Keyed { key: r"droneci", value: r"[a-z0-9]{32}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC115",
        "etsy-access-token",
        "high",
        "Etsy access token",
        "An Etsy API key assigned to an Etsy variable.",
        ["etsy"],
        Keyed { key: r"etsy", value: r"[a-z0-9]{24}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC116",
        "facebook-app-secret",
        "high",
        "Facebook app secret",
        "A Facebook/Meta app secret (32 hex) assigned to a Facebook variable.",
        ["facebook"],
        Keyed { key: r"facebook", value: r"[a-f0-9]{32}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC117",
        "finicity-client-secret",
        "high",
        "Finicity client secret",
        "A Finicity API client secret assigned to a Finicity variable.",
        ["finicity"],
        Keyed { key: r"finicity", value: r"[a-z0-9]{20}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC118",
        "finnhub-access-token",
        "high",
        "Finnhub access token",
        "A Finnhub API token assigned to a Finnhub variable.",
        ["finnhub"],
        Keyed { key: r"finnhub", value: r"[a-z0-9]{20}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC119",
        "flickr-access-token",
        "high",
        "Flickr access token",
        "A Flickr API key assigned to a Flickr variable.",
        ["flickr"],
        Keyed { key: r"flickr", value: r"[a-z0-9]{32}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC120",
        "freshbooks-access-token",
        "high",
        "FreshBooks access token",
        "A FreshBooks API token assigned to a FreshBooks variable.",
        ["freshbooks"],
        Keyed { key: r"freshbooks", value: r"[a-z0-9]{64}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC121",
        "gitter-access-token",
        "high",
        "Gitter access token",
        "A Gitter access token assigned to a Gitter variable.",
        ["gitter"],
        Keyed { key: r"gitter", value: r"[a-z0-9_-]{40}" },
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC122",
        "kraken-access-token",
        "high",
        "Kraken API secret",
        "A Kraken exchange API secret assigned to a Kraken variable.",
        ["kraken"],
        Keyed { key: r"kraken", value: r"[a-z0-9/=_+-]{80,90}" },
        entropy = Some(Min(3.5))
    ),
    rule!(
        "SEC123",
        "kucoin-access-token",
        "high",
        "KuCoin API key",
        "A KuCoin API key assigned to a KuCoin variable.",
        ["kucoin"],
        Keyed { key: r"kucoin", value: r"[a-f0-9]{24}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC124",
        "linkedin-client-secret",
        "high",
        "LinkedIn client secret",
        "A LinkedIn OAuth client secret assigned to a LinkedIn variable.",
        ["linkedin", "linked_in", "linked-in"],
        Keyed { key: r"linked[_-]?in", value: r"[a-z0-9]{16}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC125",
        "looker-client-secret",
        "high",
        "Looker client secret",
        "A Looker API client secret assigned to a Looker variable.",
        ["looker"],
        Keyed { key: r"looker", value: r"[a-z0-9]{24}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC126",
        "messagebird-api-token",
        "high",
        "MessageBird API key",
        "A MessageBird API key assigned to a MessageBird variable.",
        ["messagebird", "message_bird", "message-bird"],
        Keyed { key: r"message[_-]?bird", value: r"[a-z0-9]{25}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC127",
        "nytimes-access-token",
        "high",
        "New York Times API key",
        "A New York Times API key assigned to an NYTimes variable.",
        ["nytimes"],
        Keyed { key: r"nytimes", value: r"[a-z0-9=_-]{32}" },
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC128",
        "yandex-api-key",
        "high",
        "Yandex Cloud API key",
        "A Yandex Cloud API key (AQVN...) assigned to a Yandex variable.",
        ["yandex"],
        Keyed { key: r"yandex", value: r"AQVN[A-Za-z0-9_-]{35,38}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC129",
        "sendbird-access-token",
        "high",
        "Sendbird API token",
        "A Sendbird API token assigned to a Sendbird variable.",
        ["sendbird"],
        Keyed { key: r"sendbird", value: r"[a-f0-9]{40}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC130",
        "cohere-api-token",
        "high",
        "Cohere API key",
        "A Cohere API key assigned to a Cohere variable.",
        ["cohere", "co_api_key"],
        Keyed { key: r"cohere|co_api_key", value: r"[a-z0-9]{40}" },
        entropy = Some(LengthAware)
    ),
    rule!(
        "SEC131",
        "cisco-meraki-api-key",
        "high",
        "Cisco Meraki API key",
        "A Cisco Meraki dashboard API key assigned to a Meraki variable.",
        ["meraki"],
        Keyed { key: r"meraki", value: r"[0-9a-f]{40}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC132",
        "alibaba-secret-key",
        "high",
        "Alibaba Cloud AccessKey secret",
        "An Alibaba Cloud AccessKey secret assigned to an Alibaba variable.",
        ["alibaba"],
        Keyed { key: r"alibaba", value: r"[a-z0-9]{30}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC133",
        "sidekiq-secret",
        "high",
        "Sidekiq Enterprise credentials",
        "Sidekiq Pro/Enterprise gem server credentials (BUNDLE_..._CONTRIBSYS__COM).",
        ["bundle_enterprise__contribsys__com", "bundle_gems__contribsys__com"],
        Keyed { key: r"bundle_(?:enterprise|gems)__contribsys__com", value: r"[a-f0-9]{8}:[a-f0-9]{8}" },
        entropy = Some(Min(2.5))
    ),
    rule!(
        "SEC134",
        "nuget-config-password",
        "high",
        "NuGet feed password",
        "A clear-text password of a package source in a NuGet.config file.",
        ["<add key="],
        Raw(r#"(?i)<add key="(?:ClearText)?Password"\s*value="([^"]{8,})"\s*/>"#)
    ),
    rule!(
        "SEC135",
        "octopus-deploy-api-key",
        "high",
        "Octopus Deploy API key",
        "An Octopus Deploy API key (API-...).",
        ["api-"],
        Raw(r"\b(API-[A-Z0-9]{26})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC136",
        "clickhouse-cloud-api-secret",
        "high",
        "ClickHouse Cloud API secret",
        "A ClickHouse Cloud API secret key (4b1d...).",
        ["4b1d"],
        Raw(r"\b(4b1d[A-Za-z0-9]{38})\b"),
        entropy = Some(Min(3.0))
    ),
    // ---- Formats added for gitleaks 8.30 parity (docs/secrets-coverage.md) ----------------
    rule!(
        "SEC143",
        "authress-service-client-access-key",
        "high",
        "Authress service client access key",
        "An Authress service client access key (sc_/ext_/scauth_/authress_ client id, key id, `acc_` account id and a signature part).",
        [".acc_", ".acc-"],
        Raw(
            r"\b((?:sc|ext|scauth|authress)_[A-Za-z0-9]{5,30}\.[A-Za-z0-9]{4,6}\.acc[_-][A-Za-z0-9-]{10,32}\.[A-Za-z0-9+/_=-]{30,120})(?:[^A-Za-z0-9+/_=-]|$)"
        ),
        entropy = Some(Min(2.0))
    ),
    rule!(
        "SEC144",
        "aws-bedrock-short-term-api-key",
        "high",
        "Amazon Bedrock short-term API key",
        "A short-term Amazon Bedrock API key: `bedrock-api-key-` followed by the base64 of a presigned bedrock.amazonaws.com request.",
        ["bedrock-api-key-"],
        Raw(r"\b(bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/]{20,}={0,2})"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC145",
        "beamer-api-token",
        "high",
        "Beamer API key",
        "A Beamer API key (b_ and 44 characters) assigned to a Beamer variable.",
        ["beamer"],
        Keyed { key: r"beamer", value: r"b_[A-Za-z0-9=_-]{44}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC146",
        "defined-networking-api-token",
        "high",
        "Defined Networking API token",
        "A Defined Networking (managed Nebula) API token (dnkey-...).",
        ["dnkey-"],
        Raw(r"\b(dnkey-[A-Za-z0-9=_-]{26}-[A-Za-z0-9=_-]{52})(?:[^A-Za-z0-9=_-]|$)"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC147",
        "dropbox-long-lived-api-token",
        "high",
        "Dropbox long-lived access token",
        "A Dropbox long-lived access token (11 characters, ten `A`s, 43 characters) assigned to a Dropbox variable.",
        ["dropbox"],
        Keyed { key: r"dropbox", value: r"[A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_=-]{43}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC148",
        "facebook-app-access-token",
        "high",
        "Facebook app access token",
        "A Facebook app access token: the numeric app id, `|` (or `%7C`) and the app secret, near a Facebook keyword.",
        ["facebook"],
        Raw(r"\b(\d{15,16}(?:\||%7[Cc])[0-9A-Za-z_-]{27,40})(?:[^0-9A-Za-z_-]|$)"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC149",
        "flutterwave-encryption-key",
        "high",
        "Flutterwave encryption key",
        "A Flutterwave test encryption key (FLWSECK_TEST and 12 hex characters).",
        ["flwseck_test"],
        Raw(r"\b(FLWSECK_TEST-?[a-hA-H0-9]{12})(?:[^a-hA-H0-9-]|$)"),
        entropy = Some(Min(2.0))
    ),
    rule!(
        "SEC150",
        "gitlab-session-cookie",
        "high",
        "GitLab session cookie",
        "A GitLab web session cookie (_gitlab_session=): whoever holds it is logged in as that user.",
        ["_gitlab_session="],
        Raw(r"\b_gitlab_session=([0-9a-z]{32})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC151",
        "gocardless-api-token",
        "high",
        "GoCardless access token",
        "A GoCardless live access token (live_ and 40 characters) assigned to a GoCardless variable.",
        ["gocardless"],
        Keyed { key: r"gocardless", value: r"live_[A-Za-z0-9_=-]{40}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC152",
        "hubspot-api-key",
        "high",
        "HubSpot API key",
        "A HubSpot (legacy) API key, a UUID, assigned to a HubSpot variable.",
        ["hubspot"],
        Keyed { key: r"hubspot", value: r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC153",
        "intra42-client-secret",
        "high",
        "42 Intra client secret",
        "A 42 (Intra API) OAuth client secret (s-s4t2ud- / s-s4t2af- and 64 hex characters).",
        ["s-s4t2ud-", "s-s4t2af-"],
        Raw(r"\b(s-s4t2(?:ud|af)-[a-fA-F0-9]{64})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC154",
        "jwt-base64",
        "medium",
        "Base64-encoded JSON Web Token",
        "A JSON Web Token wrapped in base64 (ZXlK... is base64 of `eyJ`): the wrapped token decodes to a JWT whose header has an `alg`.",
        ["zxlk"],
        Raw(r"\b(ZXlK[A-Za-z0-9+/]{40,}={0,2})"),
        validator = Some(structure::validate_base64_jwt),
        priority = 1
    ),
    rule!(
        "SEC155",
        "kucoin-secret-key",
        "high",
        "KuCoin API secret",
        "A KuCoin API secret (a UUID) assigned to a KuCoin variable.",
        ["kucoin"],
        Keyed { key: r"kucoin", value: r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC156",
        "linear-client-secret",
        "high",
        "Linear OAuth client secret",
        "A Linear OAuth application client secret (32 hex) assigned to a Linear variable.",
        ["linear"],
        Keyed { key: r"linear", value: r"[a-f0-9]{32}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC157",
        "lob-api-key",
        "high",
        "Lob secret API key",
        "A Lob secret API key (live_ or test_ and 35 hex) assigned to a Lob variable.",
        // Not "lob" alone: it is in every "global" and "blob".
        ["lob_", "lob-", "lob.", "lobapi", "lobkey", "lobsecret"],
        Keyed { key: r"lob", value: r"(?:live|test)_[a-f0-9]{35}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC158",
        "mailgun-signing-key",
        "high",
        "Mailgun webhook signing key",
        "A Mailgun HTTP webhook signing key (32, 8 and 8 hex characters) assigned to a Mailgun variable.",
        ["mailgun"],
        Keyed { key: r"mailgun", value: r"[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC159",
        "plaid-access-token",
        "high",
        "Plaid access token",
        "A Plaid item access token (access-sandbox-/access-development-/access-production- and a UUID).",
        ["access-sandbox-", "access-development-", "access-production-"],
        Raw(
            r"\b(access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"
        ),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC160",
        "sentry-access-token",
        "high",
        "Sentry legacy auth token",
        "A Sentry legacy auth token (64 hex) assigned to a Sentry variable.",
        ["sentry"],
        Keyed { key: r"sentry", value: r"[a-f0-9]{64}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC161",
        "settlemint-access-token",
        "high",
        "SettleMint access token",
        "A SettleMint personal (sm_pat_), application (sm_aat_) or service (sm_sat_) access token.",
        ["sm_pat_", "sm_aat_", "sm_sat_"],
        Raw(r"\b(sm_(?:pat|aat|sat)_[A-Za-z0-9]{16})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC162",
        "slack-config-token",
        "high",
        "Slack app configuration token",
        "A Slack app configuration access token (xoxe.xoxb-/xoxe.xoxp-) or refresh token (xoxe-).",
        ["xoxe-", "xoxe."],
        Raw(r"(?i)\b(xoxe\.xox[bp]-\d-[A-Z0-9]{163,166}|xoxe-\d-[A-Z0-9]{146})\b"),
        entropy = Some(Min(2.0)),
        priority = 3
    ),
    rule!(
        "SEC163",
        "sourcegraph-access-token",
        "high",
        "Sourcegraph access token",
        "A Sourcegraph access token (sgp_, an optional instance id and 40 hex characters).",
        ["sgp_"],
        Raw(r"\b(sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40})\b"),
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC164",
        "squarespace-access-token",
        "high",
        "Squarespace API key",
        "A Squarespace API key (a UUID) assigned to a Squarespace variable.",
        ["squarespace"],
        Keyed { key: r"squarespace", value: r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC165",
        "yandex-iam-token",
        "high",
        "Yandex Cloud IAM token",
        "A Yandex Cloud IAM token (t1. and two dot-separated parts) assigned to a Yandex variable.",
        ["yandex"],
        Keyed { key: r"yandex", value: r"t1\.[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]{86}={0,2}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC166",
        "yandex-static-access-key",
        "high",
        "Yandex Cloud static access key",
        "A Yandex Cloud static (AWS-compatible) access key (YC and 38 characters) assigned to a Yandex variable.",
        ["yandex"],
        Keyed { key: r"yandex", value: r"YC[A-Za-z0-9_-]{38}" },
        entropy = Some(Min(3.0))
    ),
    rule!(
        "SEC167",
        "curl-basic-auth",
        "high",
        "Credentials passed to curl -u",
        "A `user:password` pair given to `curl -u`/`--user` in a script, CI file or README: the password is in clear in the repository and in shell history.",
        ["curl"],
        Raw(
            r#"\bcurl\b[^\n]*?\s(?:-u|--user)(?:=|[ \t]+)["']?([A-Za-z0-9._@+-]{1,64}:[^\s"'$]{4,128})(?:["'\s]|$)"#
        ),
        validator = Some(curl_password_part),
        kind = Kind::Url
    ),
    rule!(
        "SEC168",
        "finicity-api-token",
        "high",
        "Finicity app key",
        "A Finicity (Mastercard Open Banking) app key (32 hex) assigned to a Finicity variable.",
        ["finicity"],
        Keyed { key: r"finicity", value: r"[a-f0-9]{32}" },
        entropy = Some(Min(3.0))
    ),
];
