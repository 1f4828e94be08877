DROP TRIGGER app_meta_notify ON app_meta;
DROP FUNCTION app_meta_notify();
