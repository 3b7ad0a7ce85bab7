pub mod analytics;
pub mod application;
pub mod applications;
pub mod contacts;
pub mod dashboard;
pub mod learning;
pub mod notifications;
