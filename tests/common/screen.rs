//! The screen a running daemon serves, asked over real HTTP from this test (a plain HTTP/1.0
//! client on a TCP connection to 127.0.0.1: every header as the test writes it).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use super::daemon::{Daemon, wait_until};

/// What the screen answered.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    /// The first header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first `action="PATH"` of a form whose path starts with `start`.
    pub fn action(&self, start: &str) -> String {
        let key = format!("action=\"{start}");
        let at = self
            .body
            .find(&key)
            .unwrap_or_else(|| panic!("no form {start}: {}", self.body));
        let rest = &self.body[at + 8..];
        rest[..rest.find('"').unwrap()].replace("&amp;", "&")
    }

    /// The value of the hidden input `name`.
    pub fn hidden(&self, name: &str) -> String {
        let key = format!("name=\"{name}\" value=\"");
        let at = self
            .body
            .find(&key)
            .unwrap_or_else(|| panic!("no input {name}: {}", self.body));
        let rest = &self.body[at + key.len()..];
        rest[..rest.find('"').unwrap()].to_string()
    }
}

/// The screen of one daemon, and the session this test holds on it.
pub struct Screen {
    /// The address the daemon logged, with its secret.
    pub url: String,
    pub port: u16,
    pub cookie: Option<String>,
}

impl Screen {
    /// The screen `daemon` serves, from the address it logs.
    pub fn of(daemon: &Daemon) -> Screen {
        Screen::logged(|| daemon.log())
    }

    /// The screen whose address the log `log` reads holds.
    pub fn logged(log: impl Fn() -> String) -> Screen {
        let mut url = String::new();
        wait_until("the screen's address in the log", || {
            let log = log();
            match log.find("http://127.0.0.1:") {
                Some(at) => {
                    url = log[at..]
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_string();
                    true
                }
                None => false,
            }
        });
        let port = url["http://127.0.0.1:".len()..]
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Screen {
            url,
            port,
            cookie: None,
        }
    }

    /// `Host` as a browser on this computer sends it.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Opens the logged address as a browser would: the session cookie it sets is kept.
    pub fn open(&mut self) {
        let path = &self.url[format!("http://127.0.0.1:{}", self.port).len()..];
        let answer = self.raw("GET", path, &[("Host", &self.host())], b"");
        assert_eq!(answer.status, 303, "{answer:?}");
        let cookie = answer.header("set-cookie").expect("a session cookie");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
        self.cookie = Some(cookie.split(';').next().unwrap().to_string());
    }

    /// A request exactly as given.
    pub fn raw(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut head = format!("{method} {path} HTTP/1.0\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        Answer {
            status,
            headers,
            body: body.to_string(),
        }
    }

    /// A GET with the session, as the screen's own page asks.
    pub fn get(&self, path: &str) -> Answer {
        let host = self.host();
        let mut headers = vec![("Host", host.as_str())];
        if let Some(cookie) = &self.cookie {
            headers.push(("Cookie", cookie));
        }
        self.raw("GET", path, &headers, b"")
    }

    /// A form posted from the screen's own page (`Origin` and `Sec-Fetch-Site` as a browser
    /// sends them).
    pub fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let origin = format!("http://{}", self.host());
        self.post_with(
            path,
            fields,
            &[("Origin", &origin), ("Sec-Fetch-Site", "same-origin")],
        )
    }

    /// A form posted with these further headers.
    pub fn post_with(&self, path: &str, fields: &[(&str, &str)], more: &[(&str, &str)]) -> Answer {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        let host = self.host();
        let mut headers = vec![
            ("Host", host.as_str()),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        if let Some(cookie) = &self.cookie {
            headers.push(("Cookie", cookie));
        }
        headers.extend_from_slice(more);
        self.raw("POST", path, &headers, body.join("&").as_bytes())
    }

    /// "Starta inläsning" with `text` pasted on the import's form: the preview.
    pub fn paste(&self, text: &str) -> Answer {
        let form = self.get("/import");
        self.post_multipart(
            &form.action("/import"),
            &[("way", "paste"), ("text", text)],
            &[],
        )
    }

    /// "Bekräfta import" on the page `preview`: the receipt.
    pub fn confirm(&self, preview: &Answer) -> Answer {
        let (id, fingerprint) = (preview.hidden("id"), preview.hidden("fingerprint"));
        self.post(
            &preview.action("/import/confirm"),
            &[("id", &id), ("fingerprint", &fingerprint)],
        )
    }

    /// A multipart form (the import's) posted from the screen's own page: text fields, then
    /// files as (field, file name, bytes).
    pub fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Answer {
        let boundary = "kundregtestboundary7373";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes());
        }
        for (name, file, bytes) in files {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: text/csv\r\n\r\n").bytes());
            body.extend_from_slice(bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").bytes());
        let host = self.host();
        let origin = format!("http://{host}");
        let kind = format!("multipart/form-data; boundary={boundary}");
        let mut headers = vec![
            ("Host", host.as_str()),
            ("Content-Type", kind.as_str()),
            ("Origin", origin.as_str()),
        ];
        if let Some(cookie) = &self.cookie {
            headers.push(("Cookie", cookie));
        }
        self.raw("POST", path, &headers, &body)
    }
}

/// `text` as one value of a form.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
