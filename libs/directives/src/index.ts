export * from './assignments.service.js';
export * from './directive.entities.js';
export * from './directives.module.js';
export * from './directives.service.js';
export * from './dto/issue-directive.input.js';
export * from './models/directive.model.js';
