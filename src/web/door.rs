//! The page's listener: it bounds the connections open at once, from one
//! address and in all, so that a laptop on the room's network cannot take
//! every socket the page has (by opening connections and saying nothing).
//! A connection past the bound is closed as it arrives, and one that
//! passes nothing either way for a while ([`super::IDLE`]) is closed.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use super::Shared;
use crate::serve::lock;

/// Connections one address may hold open: a phone's browser opens six at
/// most, with a live-update stream or two besides.
pub(crate) const PER_ADDRESS: usize = 24;
/// Connections open in all: forty phones and their streams, with room.
pub(crate) const IN_ALL: usize = 512;

/// The connections open now, by address.
#[derive(Debug, Default)]
pub(crate) struct Open {
    by_address: HashMap<IpAddr, usize>,
    total: usize,
}

impl Open {
    /// Counts a new connection from `ip` in, if there is room for it.
    pub(crate) fn admit(&mut self, ip: IpAddr) -> bool {
        let from = self.by_address.get(&ip).copied().unwrap_or(0);
        if from >= PER_ADDRESS || self.total >= IN_ALL {
            return false;
        }
        self.by_address.insert(ip, from + 1);
        self.total += 1;
        true
    }

    pub(crate) fn closed(&mut self, ip: IpAddr) {
        if let Some(from) = self.by_address.get_mut(&ip) {
            *from -= 1;
            if *from == 0 {
                self.by_address.remove(&ip);
            }
            self.total = self.total.saturating_sub(1);
        }
    }
}

/// The listener axum serves from.
pub(crate) struct Door {
    pub(crate) listener: TcpListener,
    pub(crate) shared: Arc<Shared>,
}

impl Listener for Door {
    type Io = Counted;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Counted, SocketAddr) {
        loop {
            match self.listener.accept().await {
                Ok((stream, peer)) => {
                    if !lock(&self.shared.doors).admit(peer.ip()) {
                        tracing::debug!("closed a connection to the phones' page from {peer}: too many open");
                        continue;
                    }
                    let _ = stream.set_nodelay(true);
                    let idle = self.shared.idle;
                    let counted = Counted {
                        stream,
                        ip: peer.ip(),
                        shared: self.shared.clone(),
                        idle,
                        quiet_until: Box::pin(tokio::time::sleep(idle)),
                    };
                    return (counted, peer);
                }
                // Out of file descriptors and the like: wait, do not spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }
}

/// Who is on the other end of a request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Peer(pub SocketAddr);

impl Connected<IncomingStream<'_, Door>> for Peer {
    fn connect_info(stream: IncomingStream<'_, Door>) -> Peer {
        Peer(*stream.remote_addr())
    }
}

/// A connection, counted out when it closes, and closed once it has
/// passed nothing either way for `idle`.
pub(crate) struct Counted {
    stream: TcpStream,
    ip: IpAddr,
    shared: Arc<Shared>,
    idle: Duration,
    /// When the connection counts as gone quiet, unless a byte passes.
    quiet_until: Pin<Box<tokio::time::Sleep>>,
}

impl Counted {
    fn passed(&mut self, bytes: usize) {
        if bytes > 0 {
            let next = tokio::time::Instant::now() + self.idle;
            self.quiet_until.as_mut().reset(next);
        }
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        lock(&self.shared.doors).closed(self.ip);
    }
}

impl AsyncRead for Counted {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let read = buf.filled().len() - before;
                self.passed(read);
                Poll::Ready(Ok(()))
            }
            Poll::Pending => match self.quiet_until.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Err(std::io::ErrorKind::TimedOut.into())),
                Poll::Pending => Poll::Pending,
            },
            other @ Poll::Ready(Err(_)) => other,
        }
    }
}

impl AsyncWrite for Counted {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = written {
            self.passed(n);
        }
        written
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = written {
            self.passed(n);
        }
        written
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_may_hold_only_so_many_connections() {
        let mut open = Open::default();
        let (a, b): (IpAddr, IpAddr) = ([10, 0, 0, 1].into(), [10, 0, 0, 2].into());
        for _ in 0..PER_ADDRESS {
            assert!(open.admit(a));
        }
        assert!(!open.admit(a));
        assert!(open.admit(b), "another address is not held up");
        open.closed(a);
        assert!(open.admit(a), "one closed makes room for one more");
        open.closed([10, 0, 0, 3].into());
        assert_eq!(open.total, PER_ADDRESS + 1, "closing an unknown address counts nothing");
    }

    #[test]
    fn the_connections_in_all_are_bounded() {
        let mut open = Open::default();
        for i in 0..IN_ALL as u32 {
            assert!(open.admit(IpAddr::from(i.to_be_bytes())));
        }
        assert!(!open.admit([192, 168, 1, 1].into()));
    }
}
