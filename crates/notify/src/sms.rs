//! SMS gateways: a JSON file per message for demo and development, and memory for tests. The
//! HTTP gateway for real use is in `sms_http`.

use crate::mail::{file_name, write_atomically};
use crate::transport::{DeliveryError, SmsGateway};
use async_trait::async_trait;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use zk_store::OutgoingMessage;

/// What a demo SMS file holds.
#[derive(Serialize)]
struct SmsFile<'a> {
    to: &'a str,
    body: &'a str,
    sent_at: String,
}

pub struct FileSms {
    dir: PathBuf,
}

impl FileSms {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }
}

#[async_trait]
impl SmsGateway for FileSms {
    async fn send(&self, m: &OutgoingMessage) -> Result<(), DeliveryError> {
        let file = SmsFile {
            to: &m.recipient,
            body: &m.text_body,
            sent_at: jiff::Timestamp::now().to_string(),
        };
        let json = serde_json::to_vec_pretty(&file).map_err(|e| DeliveryError(e.to_string()))?;
        write_atomically(&self.dir, &file_name(m, "json"), &json).await
    }

    fn name(&self) -> &'static str {
        "file"
    }
}

#[derive(Clone, Default)]
pub struct MemorySms {
    pub sent: Arc<Mutex<Vec<OutgoingMessage>>>,
}

impl MemorySms {
    pub fn sent(&self) -> Vec<OutgoingMessage> {
        self.sent.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

#[async_trait]
impl SmsGateway for MemorySms {
    async fn send(&self, m: &OutgoingMessage) -> Result<(), DeliveryError> {
        if let Ok(mut sent) = self.sent.lock() {
            sent.push(m.clone());
        }
        Ok(())
    }

    fn name(&self) -> &'static str {
        "memory"
    }
}
