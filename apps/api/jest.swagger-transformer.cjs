// The same @nestjs/swagger compiler plugin as the webpack build (webpack.config.js), so the
// OpenAPI document of an app under test lists every DTO property as the built server's does
// (the fuzz test walks it).
const plugin = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 1;
module.exports.factory = (compiler) =>
  plugin.before({ classValidatorShim: true, introspectComments: true }, compiler.program);
