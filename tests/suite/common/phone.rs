//! A phone's browser for tests: plain HTTP with ureq, its cookie kept by
//! hand (so a test sees exactly what the page set), redirects not followed
//! (so a test sees each answer).
#![allow(dead_code)]

use std::time::Duration;

/// One answer from the page.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    /// A header's value, if the answer has it.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The form token the page's forms carry.
    pub fn form_token(&self) -> String {
        let at = self.body.find(r#"name="form_token" value=""#).expect("a form with the person's token");
        let rest = &self.body[at + r#"name="form_token" value=""#.len()..];
        rest[..rest.find('"').expect("the token's end")].to_string()
    }
}

/// A phone: the page's address and the cookie it was given.
pub struct Phone {
    agent: ureq::Agent,
    pub base: String,
    pub cookie: Option<String>,
}

impl Phone {
    pub fn new(base: &str) -> Phone {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(15)))
            .build()
            .into();
        Phone { agent, base: base.to_string(), cookie: None }
    }

    pub fn get(&self, path: &str) -> Answer {
        let mut request = self.agent.get(format!("{}{path}", self.base));
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        answer(request.call())
    }

    /// Posts a form, with any extra headers (`Origin`, say).
    pub fn post(&self, path: &str, form: &[(&str, &str)], headers: &[(&str, &str)]) -> Answer {
        let mut request = self.agent.post(format!("{}{path}", self.base));
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        answer(request.send_form(form.iter().copied()))
    }

    /// Posts raw bytes as a form's body.
    pub fn post_bytes(&self, path: &str, body: &[u8]) -> Answer {
        let mut request =
            self.agent.post(format!("{}{path}", self.base)).header("Content-Type", "application/x-www-form-urlencoded");
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        answer(request.send(body))
    }

    /// Opens the live updates and returns the open stream, with its status.
    pub fn events(&self, path: &str) -> (u16, Option<String>, ureq::BodyReader<'static>) {
        let mut request = self.agent.get(format!("{}{path}", self.base));
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        let response = request.call().expect("the page answers");
        let status = response.status().as_u16();
        let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string);
        (status, kind, response.into_body().into_reader())
    }

    /// Keeps the cookie an answer set (`name=value`, its attributes left off).
    pub fn keep_cookie(&mut self, answer: &Answer) {
        let set = answer.header("set-cookie").expect("a cookie was set");
        self.cookie = Some(set.split(';').next().expect("name=value").trim().to_string());
    }
}

fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let response = result.expect("the page answers");
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), v.to_str().unwrap_or_default().to_string()))
        .collect();
    let body = response.into_body().read_to_string().unwrap_or_default();
    Answer { status, headers, body }
}
